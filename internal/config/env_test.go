package config

import (
	"reflect"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestEnvOverridesFileAndDefaults(t *testing.T) {
	src := "telegram:\n  token: from-file\nlog:\n  level: info\n"
	c, ps := Check([]byte(src), env(map[string]string{
		"TELEGRAM_BOT_TOKEN":         "123:tg-from-env",
		"TELEGRAM_WEBHOOK_SECRET":    "hook-secret",
		"SLACK_BOT_TOKEN":            "xoxb-env",
		"SLACK_APP_TOKEN":            "xapp-env",
		"SLACK_SIGNING_SECRET":       "signing-env",
		"DATABASE_URL":               "postgres://bot:pw@db/reportbot",
		"REPORTBOT_STORE_DRIVER":     "postgres",
		"REPORTBOT_LOG_LEVEL":        "debug",
		"REPORTBOT_LOG_FORMAT":       "json",
		"REPORTBOT_ADMIN_LISTEN":     "127.0.0.1:9090",
		"REPORTBOT_SLACK_ENABLED":    "true",
		"REPORTBOT_REPORTS":          "/srv/reports:/srv/more.txt",
		"REPORTBOT_TELEGRAM_ENABLED": "false",
	}))
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	checks := []struct{ got, want string }{
		{c.Telegram.Token, "123:tg-from-env"},
		{c.Telegram.Webhook.Secret, "hook-secret"},
		{c.Slack.BotToken, "xoxb-env"},
		{c.Slack.AppToken, "xapp-env"},
		{c.Slack.SigningSecret, "signing-env"},
		{c.Store.DSN, "postgres://bot:pw@db/reportbot"},
		{c.Store.Driver, "postgres"},
		{c.Log.Level, "debug"},
		{c.Log.Format, "json"},
		{c.Admin.Listen, "127.0.0.1:9090"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("got %q, want %q", ck.got, ck.want)
		}
	}
	if !c.Slack.Enabled || c.Telegram.Enabled {
		t.Errorf("enabled flags: slack %v telegram %v", c.Slack.Enabled, c.Telegram.Enabled)
	}
	if !reflect.DeepEqual(c.Knowledge.Reports, []string{"/srv/reports", "/srv/more.txt"}) {
		t.Errorf("reports = %v", c.Knowledge.Reports)
	}
}

func TestEnvUnsetOrEmptyKeepsFileValue(t *testing.T) {
	c, ps := Check([]byte("telegram:\n  token: from-file\n"), env(map[string]string{"TELEGRAM_BOT_TOKEN": ""}))
	if len(ps) != 0 || c.Telegram.Token != "from-file" {
		t.Fatalf("token %q, problems %v", c.Telegram.Token, ps)
	}
}

func TestEnvBadValueNamesVariable(t *testing.T) {
	_, ps := Check([]byte("log:\n  level: info\n"), env(map[string]string{
		"REPORTBOT_LOG_LEVEL":     "chatty",
		"REPORTBOT_SLACK_ENABLED": "maybe",
	}))
	if len(ps) != 2 {
		t.Fatalf("want 2 problems, got %v", ps)
	}
	for _, p := range ps {
		if p.Line != 0 || !strings.HasPrefix(p.Source, "env REPORTBOT_") {
			t.Errorf("problem %v should name the variable, not a line", p)
		}
	}
	// The level is in the file on line 2 too, but the bad value came from
	// the environment: pointing at line 2 would send the reader astray.
	if s := ps[0].String() + ps[1].String(); !strings.Contains(s, "log.level (from env REPORTBOT_LOG_LEVEL)") {
		t.Errorf("got %q", s)
	}
}

func TestEnvVarsAreUniqueAndPointAtSettings(t *testing.T) {
	paths := map[string]bool{}
	for _, p := range Paths() {
		paths[p] = true
	}
	names := map[string]bool{}
	for _, e := range EnvVars() {
		if names[e.Name] {
			t.Errorf("%s listed twice", e.Name)
		}
		names[e.Name] = true
		if !paths[e.Path] && !e.EnvOnly {
			t.Errorf("%s overrides %s, which is not a setting", e.Name, e.Path)
		}
	}
	for _, want := range []string{"TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DATABASE_URL"} {
		if !names[want] {
			t.Errorf("missing %s", want)
		}
	}
}

func TestSecretsIncludesEverySecretAndDSNPassword(t *testing.T) {
	c := Default()
	c.Telegram.Token = "123456:telegram-token"
	c.Telegram.Webhook.Secret = "webhook-secret"
	c.Slack.BotToken = "xoxb-1"
	c.Slack.AppToken = "xapp-1"
	c.Slack.SigningSecret = "signing"
	c.Store.DSN = "postgres://bot:s3cret-pw@db:5432/reportbot"
	c.Log.Level = "debug" // not a secret
	got := c.Secrets()
	want := []string{"postgres://bot:s3cret-pw@db:5432/reportbot", "123456:telegram-token", "webhook-secret", "s3cret-pw", "signing", "xapp-1", "xoxb-1"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Secrets() = %q\nwant %q", got, want)
	}
	c = Default()
	c.Store.DSN = "host=db user=bot password='kv-pw' sslmode=require"
	if got := c.Secrets(); len(got) != 2 || got[1] != "kv-pw" {
		t.Fatalf("key=value DSN: Secrets() = %q", got)
	}
	if got := Default().Secrets(); len(got) != 0 {
		t.Fatalf("defaults have secrets %q", got)
	}
}

func TestConsolePasswordComesOnlyFromTheEnvironment(t *testing.T) {
	// In the file it is an unknown key: a password must not be committed.
	if _, ps := Check([]byte("console:\n  password: a-long-enough-secret\n"), nil); len(ps) != 1 || ps[0].Line != 2 {
		t.Errorf("password in the file: problems %v, want one on line 2", ps)
	}
	env := map[string]string{"REPORTBOT_CONSOLE_PASSWORD": "a-long-enough-secret"}
	c, ps := Check(nil, func(k string) string { return env[k] })
	if len(ps) != 0 || c.Console.Password != env["REPORTBOT_CONSOLE_PASSWORD"] {
		t.Fatalf("from the environment: %q, problems %v", c.Console.Password, ps)
	}
	if s := c.Secrets(); len(s) != 1 || s[0] != env["REPORTBOT_CONSOLE_PASSWORD"] {
		t.Errorf("Secrets() = %q, want the console password scrubbed from logs", s)
	}
	env["REPORTBOT_CONSOLE_PASSWORD"] = "short"
	if _, ps := Check(nil, func(k string) string { return env[k] }); len(ps) != 1 || ps[0].Path != "console.password" {
		t.Errorf("short password: problems %v, want one at console.password", ps)
	}
}

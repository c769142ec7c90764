package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// EnvVar is one environment variable that overrides a setting. The
// platforms' usual names are used where they exist, so a deployment that
// already sets TELEGRAM_BOT_TOKEN or DATABASE_URL needs nothing new.
type EnvVar struct {
	Name   string
	Path   string // the setting it overrides
	Secret bool   // its value is scrubbed from logs
	// EnvOnly: the setting has no key in the file, so a secret that
	// must never be committed cannot be written there by mistake.
	EnvOnly bool
	set     func(c *Config, v string) error
	get     func(c *Config) string
}

// EnvVars lists every environment override, for docs and `config check`.
func EnvVars() []EnvVar {
	return []EnvVar{
		str("TELEGRAM_BOT_TOKEN", "telegram.token", true, func(c *Config) *string { return &c.Telegram.Token }),
		str("TELEGRAM_WEBHOOK_SECRET", "telegram.webhook.secret", true, func(c *Config) *string { return &c.Telegram.Webhook.Secret }),
		boolean("REPORTBOT_TELEGRAM_ENABLED", "telegram.enabled", func(c *Config) *bool { return &c.Telegram.Enabled }),
		str("REPORTBOT_TELEGRAM_WEBHOOK_URL", "telegram.webhook.public_url", false, func(c *Config) *string { return &c.Telegram.Webhook.PublicURL }),
		str("SLACK_BOT_TOKEN", "slack.bot_token", true, func(c *Config) *string { return &c.Slack.BotToken }),
		str("SLACK_APP_TOKEN", "slack.app_token", true, func(c *Config) *string { return &c.Slack.AppToken }),
		str("SLACK_SIGNING_SECRET", "slack.signing_secret", true, func(c *Config) *string { return &c.Slack.SigningSecret }),
		boolean("REPORTBOT_SLACK_ENABLED", "slack.enabled", func(c *Config) *bool { return &c.Slack.Enabled }),
		str("DATABASE_URL", "store.dsn", true, func(c *Config) *string { return &c.Store.DSN }),
		str("REPORTBOT_STORE_DRIVER", "store.driver", false, func(c *Config) *string { return &c.Store.Driver }),
		str("REPORTBOT_STORE_PATH", "store.path", false, func(c *Config) *string { return &c.Store.Path }),
		list("REPORTBOT_REPORTS", "knowledge.reports", func(c *Config) *[]string { return &c.Knowledge.Reports }),
		str("REPORTBOT_KB_FILE", "knowledge.kb_file", false, func(c *Config) *string { return &c.Knowledge.KBFile }),
		str("REPORTBOT_ADMIN_LISTEN", "admin.listen", false, func(c *Config) *string { return &c.Admin.Listen }),
		envOnly(str("REPORTBOT_CONSOLE_PASSWORD", "console.password", true, func(c *Config) *string { return &c.Console.Password })),
		str("REPORTBOT_CONSOLE_LISTEN", "console.listen", false, func(c *Config) *string { return &c.Console.Listen }),
		str("REPORTBOT_LOG_LEVEL", "log.level", false, func(c *Config) *string { return &c.Log.Level }),
		str("REPORTBOT_LOG_FORMAT", "log.format", false, func(c *Config) *string { return &c.Log.Format }),
	}
}

func str(name, path string, secret bool, field func(*Config) *string) EnvVar {
	return EnvVar{Name: name, Path: path, Secret: secret,
		set: func(c *Config, v string) error { *field(c) = v; return nil },
		get: func(c *Config) string { return *field(c) },
	}
}

func envOnly(e EnvVar) EnvVar {
	e.EnvOnly = true
	return e
}

func boolean(name, path string, field func(*Config) *bool) EnvVar {
	return EnvVar{Name: name, Path: path,
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("want true or false, got %q", v)
			}
			*field(c) = b
			return nil
		},
		get: func(c *Config) string { return strconv.FormatBool(*field(c)) },
	}
}

// list splits on the system's path-list separator (":" on Unix), as PATH does.
func list(name, path string, field func(*Config) *[]string) EnvVar {
	return EnvVar{Name: name, Path: path,
		set: func(c *Config, v string) error { *field(c) = filepath.SplitList(v); return nil },
		get: func(c *Config) string { return strings.Join(*field(c), string(filepath.ListSeparator)) },
	}
}

// applyEnv lets deployments set secrets and per-deployment settings without
// writing them into the file. It returns one Problem per variable it used:
// Msg is empty when the value was applied, and says what is wrong otherwise.
func (c *Config) applyEnv(getenv func(string) string) Problems {
	var used Problems
	for _, e := range EnvVars() {
		v := getenv(e.Name)
		if v == "" {
			continue
		}
		p := Problem{Path: e.Path, Source: "env " + e.Name}
		if err := e.set(c, v); err != nil {
			p.Msg = err.Error()
		}
		used = append(used, p)
	}
	return used
}

// Secrets returns the secret values in use (tokens, signing secrets, the
// database password), longest first, so a log handler can scrub them.
func (c Config) Secrets() []string {
	seen := map[string]bool{}
	for _, e := range EnvVars() {
		if !e.Secret {
			continue
		}
		v := e.get(&c)
		if v == "" {
			continue
		}
		seen[v] = true
		// A DSN's password may show up on its own in a driver's error.
		if u, err := url.Parse(v); err == nil && u.User != nil {
			if pw, ok := u.User.Password(); ok && pw != "" {
				seen[pw] = true
			}
		}
		// The key=value form: "host=db password=… sslmode=require".
		for _, f := range strings.Fields(v) {
			if pw, ok := strings.CutPrefix(f, "password="); ok && strings.Trim(pw, "'") != "" {
				seen[strings.Trim(pw, "'")] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

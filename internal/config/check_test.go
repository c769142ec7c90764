package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func mustOneProblem(t *testing.T, ps Problems) Problem {
	t.Helper()
	if len(ps) != 1 {
		t.Fatalf("want exactly one problem, got %d:\n%v", len(ps), ps)
	}
	return ps[0]
}

func TestCheckMisspeltKeyNamesLineAndSuggests(t *testing.T) {
	src := "log:\n  level: info\ntelegram:\n  enabled: true\n  tokn: abc\n"
	_, ps := Check([]byte(src), nil)
	p := mustOneProblem(t, ps)
	if p.Line != 5 || p.Path != "telegram.tokn" {
		t.Fatalf("got line %d path %q, want line 5 telegram.tokn", p.Line, p.Path)
	}
	if !strings.Contains(p.Msg, `unknown key "tokn"`) || !strings.Contains(p.Msg, `did you mean "token"`) {
		t.Fatalf("message %q should name the key and suggest token", p.Msg)
	}
	if !strings.HasPrefix(p.String(), "line 5: ") {
		t.Fatalf("String() = %q, want it to start with the line", p.String())
	}
}

func TestCheckUnknownSectionAtTopLevel(t *testing.T) {
	_, ps := Check([]byte("admin:\n  listen: \":9090\"\nlogging:\n  level: debug\n"), nil)
	p := mustOneProblem(t, ps)
	if p.Line != 3 || !strings.Contains(p.Msg, "at the top level") {
		t.Fatalf("got %v", p)
	}
}

func TestCheckBadTimeZoneNamesLine(t *testing.T) {
	src := "digest:\n  default_time: \"08:30\"\n  default_timezone: Mars/Olympus_Mons\n"
	_, ps := Check([]byte(src), nil)
	p := mustOneProblem(t, ps)
	if p.Line != 3 || p.Path != "digest.default_timezone" || !strings.Contains(p.Msg, "Mars/Olympus_Mons") {
		t.Fatalf("got %v, want line 3 digest.default_timezone naming the zone", p)
	}
}

// Each bad value must be reported on its own line with its path.
func TestCheckBadValues(t *testing.T) {
	cases := []struct {
		name, yaml, path, want string
	}{
		{"duration text", "telegram:\n  poll_timeout: 30 secs\n", "telegram.poll_timeout", "duration"},
		{"duration range", "telegram:\n  poll_timeout: 0s\n", "telegram.poll_timeout", "between"},
		{"int type", "telegram:\n  workers: many\n", "telegram.workers", "whole number"},
		{"int range", "telegram:\n  workers: 0\n", "telegram.workers", "between 1 and 1024"},
		{"bool type", "telegram:\n  enabled: yes please\n", "telegram.enabled", "true or false"},
		{"mode enum", "telegram:\n  mode: polin\n", "telegram.mode", "polling, webhook"},
		{"endpoint one verb", "telegram:\n  api_endpoint: https://api.telegram.org/bot%s\n", "telegram.api_endpoint", "two %s"},
		{"endpoint scheme", "telegram:\n  api_endpoint: ftp://x/bot%s/%s\n", "telegram.api_endpoint", "http"},
		{"public url http", "telegram:\n  webhook:\n    public_url: http://bot.example.org/tg\n", "telegram.webhook.public_url", "https"},
		{"public url relative, local api", "telegram:\n  api_endpoint: http://127.0.0.1:8081/bot%s/%s\n  webhook:\n    public_url: /tg\n", "telegram.webhook.public_url", "absolute http or https"},
		{"public url relative", "telegram:\n  webhook:\n    public_url: /tg\n", "telegram.webhook.public_url", "absolute"},
		{"webhook listen", "telegram:\n  webhook:\n    listen: 8443\n", "telegram.webhook.listen", "HOST:PORT"},
		{"slack api url", "slack:\n  api_url: \"not a url\"\n", "slack.api_url", "absolute"},
		{"slack mode", "slack:\n  mode: rtm\n", "slack.mode", "socket, http"},
		{"slack path", "slack:\n  http:\n    path: events\n", "slack.http.path", "start with /"},
		{"slack prefix", "slack:\n  command_prefix: report-\n", "slack.command_prefix", "start with /"},
		{"slack admins item", "slack:\n  admins:\n    - U1\n    - \"\"\n", "slack.admins[1]", "empty"},
		{"store driver", "store:\n  driver: mysql\n", "store.driver", "sqlite, postgres"},
		{"digest time", "digest:\n  default_time: \"9am\"\n", "digest.default_time", "HH:MM"},
		{"digest time range", "digest:\n  default_time: \"24:00\"\n", "digest.default_time", "HH:MM"},
		{"digest local zone", "digest:\n  default_timezone: Local\n", "digest.default_timezone", "IANA"},
		{"when nothing new", "digest:\n  when_nothing_new: post\n", "digest.when_nothing_new", "skip, archive"},
		{"confidence range", "bot:\n  min_confidence: 1.5\n", "bot.min_confidence", "between 0 and 1"},
		{"negative rate", "bot:\n  user_rate_per_minute: -1\n", "bot.user_rate_per_minute", "between"},
		{"admin port", "admin:\n  listen: \"127.0.0.1:99999\"\n", "admin.listen", "port"},
		{"log level", "log:\n  level: verbose\n", "log.level", "debug, info, warn, error"},
		{"log format", "log:\n  format: xml\n", "log.format", "text, json"},
		{"file size", "knowledge:\n  max_file_size: 0\n", "knowledge.max_file_size", "at least 1"},
		{"section as scalar", "bot: fast\n", "bot", "section"},
		{"list as scalar", "knowledge:\n  reports: ./reports\n", "knowledge.reports", "list"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// A leading comment shifts the value down a line, so a line
			// number that merely counts keys would be caught.
			src := "# reportbot\n" + tc.yaml
			_, ps := Check([]byte(src), nil)
			p := mustOneProblem(t, ps)
			wantLine := strings.Count(src, "\n")
			if p.Path != tc.path || p.Line != wantLine || !strings.Contains(p.Msg, tc.want) {
				t.Fatalf("got %v (line %d path %q), want line %d path %q with %q", p, p.Line, p.Path, wantLine, tc.path, tc.want)
			}
		})
	}
}

func TestCheckReportsEveryProblemInFileOrder(t *testing.T) {
	src := "log:\n  level: loud\nbot:\n  min_confidence: 2\n  answr_unprompted: true\n  max_message_length: lots\n"
	_, ps := Check([]byte(src), nil)
	var lines []int
	for _, p := range ps {
		lines = append(lines, p.Line)
	}
	if !reflect.DeepEqual(lines, []int{2, 4, 5, 6}) {
		t.Fatalf("want problems on lines 2, 4, 5, 6, got %v", ps)
	}
}

func TestCheckSyntaxErrorNamesLine(t *testing.T) {
	_, ps := Check([]byte("log:\n  level: info\n bot: [\n"), nil)
	p := mustOneProblem(t, ps)
	if p.Line == 0 || !strings.Contains(p.Msg, "YAML syntax") {
		t.Fatalf("got %v", p)
	}
}

func TestCheckEmptyFileIsDefaults(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "bot:\n"} {
		c, ps := Check([]byte(src), nil)
		if len(ps) != 0 {
			t.Fatalf("%q: %v", src, ps)
		}
		if !reflect.DeepEqual(c, Default()) {
			t.Fatalf("%q: config differs from defaults", src)
		}
	}
}

func TestCheckAppliesValues(t *testing.T) {
	src := "telegram:\n  poll_timeout: 45s\n  mode: webhook\n  enabled: true\n  webhook:\n    public_url: https://bot.example.org/tg\n    listen: \":8443\"\nknowledge:\n  reports: [a.txt, b/]\n"
	c, ps := Check([]byte(src), nil)
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	if c.Telegram.PollTimeout != 45*time.Second || c.Telegram.Mode != "webhook" || c.Telegram.Webhook.Listen != ":8443" {
		t.Fatalf("values not applied: %+v", c.Telegram)
	}
	if !reflect.DeepEqual(c.Knowledge.Reports, []string{"a.txt", "b/"}) {
		t.Fatalf("reports = %v", c.Knowledge.Reports)
	}
	// Untouched settings keep their defaults.
	if c.Bot != Default().Bot {
		t.Fatalf("bot section changed: %+v", c.Bot)
	}
}

func TestCheckWebhookOverHTTPOnlyForALocalBotAPI(t *testing.T) {
	local := "telegram:\n  api_endpoint: http://127.0.0.1:8081/bot%s/%s\n  webhook:\n    public_url: http://127.0.0.1:9000/hook\n"
	if _, ps := Check([]byte(local), nil); len(ps) != 0 {
		t.Fatalf("local Bot API: %v", ps)
	}
	official := "telegram:\n  webhook:\n    public_url: http://bot.example.org/hook\n"
	if _, ps := Check([]byte(official), nil); len(ps) != 1 || !strings.Contains(ps[0].Msg, "https") {
		t.Fatalf("official Bot API: %v", ps)
	}
}

func TestCheckWebhookModeNeedsPublicURL(t *testing.T) {
	_, ps := Check([]byte("telegram:\n  enabled: true\n  mode: webhook\n"), nil)
	p := mustOneProblem(t, ps)
	if p.Path != "telegram.webhook.public_url" || !strings.Contains(p.Msg, "required") {
		t.Fatalf("got %v", p)
	}
}

func TestLoadErrorNamesFileAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.yaml")
	if err := os.WriteFile(path, []byte("digest:\n  default_timezone: Nowhere/Land\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 2: digest.default_timezone") {
		t.Fatalf("Load error = %v", err)
	}
}

func TestValidateDefaults(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
	c := Default()
	c.Log.Format = "yaml"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "log.format") {
		t.Fatalf("Validate() = %v", err)
	}
}

// config.example.yaml is the settings reference: it must name every field
// of Config, show each default, and pass the checker.
func TestExampleDocumentsEverySettingWithDefault(t *testing.T) {
	data, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, ps := Check(data, nil)
	if len(ps) != 0 {
		t.Fatalf("config.example.yaml has problems:\n%v", ps)
	}
	// Compared as YAML, where an empty list and no list are the same.
	got, _ := yaml.Marshal(c)
	want, _ := yaml.Marshal(Default())
	if string(got) != string(want) {
		t.Fatalf("config.example.yaml does not show the defaults:\nexample:\n%s\ndefaults:\n%s", got, want)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, path := range Paths() {
		if lookup(doc.Content[0], path) == nil {
			t.Errorf("config.example.yaml does not document %s", path)
		}
	}
}

func lookup(n *yaml.Node, path string) *yaml.Node {
	for _, key := range strings.Split(path, ".") {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

func TestPathsCoverNestedSections(t *testing.T) {
	got := strings.Join(Paths(), " ")
	for _, want := range []string{"telegram.webhook.public_url", "slack.http.path", "telegram.poll_timeout", "log.format"} {
		if !strings.Contains(got, want) {
			t.Errorf("Paths() lacks %s", want)
		}
	}
	if strings.Contains(got, "telegram.webhook ") {
		t.Errorf("Paths() lists the section telegram.webhook, want only its leaves")
	}
}

func TestCheckTabIndentationNamesItsLine(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int
	}{
		{"\ttelegram:\n\t\tenabled: true\n", 1},
		{"log:\n  level: info\ntelegram:\n\tenabled: true\n", 4},
		{"telegram:\n  enabled: true\n  \tmode: polling\n", 3},
	} {
		_, ps := Check([]byte(tc.src), nil)
		p := mustOneProblem(t, ps)
		if p.Line != tc.line || !strings.Contains(p.Msg, "tab") {
			t.Errorf("%q: got %v, want line %d naming the tab", tc.src, p, tc.line)
		}
	}
}

// The documented base URL is what the adapter accepts, so the check must
// accept it too; a malformed pattern is still refused.
func TestCheckAcceptsTelegramBaseURL(t *testing.T) {
	for _, ep := range []string{"http://127.0.0.1:8081", "http://127.0.0.1:8081/", "https://api.telegram.org/bot%s/%s"} {
		if _, ps := Check([]byte("telegram:\n  api_endpoint: "+ep+"\n"), nil); len(ps) != 0 {
			t.Errorf("%s: %v", ep, ps)
		}
	}
	if _, ps := Check([]byte("telegram:\n  api_endpoint: http://h/%s/%s/%s\n"), nil); len(ps) != 1 {
		t.Errorf("three %%s accepted: %v", ps)
	}
}

// A DSN the driver cannot parse is a problem at check time, with the
// driver's reason and without the DSN (it may hold a password).
func TestCheckDSNTheDriverCannotParse(t *testing.T) {
	src := "store:\n  driver: postgres\n  dsn: postgres://u:hunter2pw@db/x?sslmode=bogus\n"
	_, ps := Check([]byte(src), nil)
	p := mustOneProblem(t, ps)
	if p.Path != "store.dsn" || p.Line != 3 || !strings.Contains(p.Msg, "sslmode") || strings.Contains(p.Msg, "hunter2pw") {
		t.Fatalf("got %v", p)
	}
	ok := "store:\n  driver: postgres\n  dsn: postgres://u:pw@db/x?sslmode=disable\n"
	if _, ps := Check([]byte(ok), nil); len(ps) != 0 {
		t.Fatalf("valid DSN: %v", ps)
	}
}

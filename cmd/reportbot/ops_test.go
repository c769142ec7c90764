package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestConfigCheckNamesLineOfMisspeltKeyAndBadTimeZone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.yaml")
	src := "# production\ntelegram:\n  enabled: true\n  tokne: x\ndigest:\n  default_timezone: Europe/Berln\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "config", "check", "--no-env", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stdout %q stderr %q", code, out, errOut)
	}
	for _, want := range []string{
		path + ":4: telegram.tokne: unknown key \"tokne\" in telegram (did you mean \"token\"?)\n",
		path + ":6: digest.default_timezone: unknown time zone \"Europe/Berln\"\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "2 problems") {
		t.Errorf("stderr %q", errOut)
	}
}

func TestConfigCheckAcceptsExample(t *testing.T) {
	code, out, errOut := runCLI(t, "", "config", "check", "--no-env", "../../config.example.yaml")
	if code != 0 || !strings.HasSuffix(out, ": OK\n") {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
}

func TestConfigCheckUsesEnvironment(t *testing.T) {
	t.Setenv("REPORTBOT_LOG_FORMAT", "xml")
	code, out, _ := runCLI(t, "", "config", "check")
	if code != 1 || !strings.Contains(out, "log.format (from env REPORTBOT_LOG_FORMAT)") {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestConfigEnvListsVariables(t *testing.T) {
	code, out, _ := runCLI(t, "", "config", "env")
	if code != 0 || !regexp.MustCompile(`(?m)^TELEGRAM_BOT_TOKEN\s+telegram\.token \(secret\)$`).MatchString(out) {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestVersionOf(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123abc"}, {Key: "vcs.modified", Value: "false"},
	}}
	if v, c := versionOf(info, true); v != "v1.4.0" || c != "0123abc" {
		t.Errorf("got %s %s", v, c)
	}
	info.Settings[1].Value = "true"
	if _, c := versionOf(info, true); c != "0123abc-dirty" {
		t.Errorf("modified tree: commit %s", c)
	}
	if v, c := versionOf(nil, false); v != "(devel)" || c != "unknown" {
		t.Errorf("no build info: %s %s", v, c)
	}
	// A commit passed in by make (a worktree, where the go command stamps
	// none) is used when the build info has none, never over a stamped one.
	buildCommit = "fedcba9-dirty"
	t.Cleanup(func() { buildCommit = "" })
	if _, c := versionOf(&debug.BuildInfo{}, true); c != "fedcba9-dirty" {
		t.Errorf("without vcs settings: commit %s", c)
	}
	if _, c := versionOf(info, true); c != "0123abc-dirty" {
		t.Errorf("the stamped commit must win: %s", c)
	}
}

func TestVersionCommandPrintsBuildInfo(t *testing.T) {
	code, out, _ := runCLI(t, "", "version")
	info, _ := debug.ReadBuildInfo()
	want, _ := versionOf(info, true)
	if code != 0 || !strings.HasPrefix(out, "reportbot "+want+" (commit ") {
		t.Fatalf("exit %d: %q", code, out)
	}
}

// `go install github.com/reportbot/reportbot/cmd/reportbot@latest` refuses
// modules with replace or exclude directives, so the README's install line
// depends on go.mod staying free of them.
func TestGoModAllowsGoInstall(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "module github.com/reportbot/reportbot\n") {
		t.Errorf("module path changed; update the README's go install line")
	}
	if m := regexp.MustCompile(`(?m)^\s*(replace|exclude)\b`).FindString(string(data)); m != "" {
		t.Errorf("go.mod has a %q directive: go install …@latest would fail", strings.TrimSpace(m))
	}
}

func TestConfigCheckChecksTheCurationFile(t *testing.T) {
	dir := t.TempDir()
	cfg, cur := filepath.Join(dir, "bot.yaml"), filepath.Join(dir, "curation.yaml")
	if err := os.WriteFile(cfg, []byte("knowledge:\n  curation: "+cur+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, curation string
		code           int
		want           string
	}{
		{"missing", "", 1, "knowledge.curation"},
		{"misspelt key", "rols:\n  A: B\n", 1, cur + ": "},
		{"qa without answer", "qa:\n  - question: only this\n", 1, "qa entry 1 needs both"},
		{"good", "roles:\n  A: B\nnot_people: [C]\n", 0, ": OK"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(cur)
			if tc.curation != "" {
				if err := os.WriteFile(cur, []byte(tc.curation), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			code, out, errOut := runCLI(t, "", "config", "check", "--no-env", cfg)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want %d; stdout %q (want %q) stderr %q", code, tc.code, out, tc.want, errOut)
			}
		})
	}
}

// `reportbot version` needs the commit stamped; GOFLAGS=-buildvcs=false in
// a build environment turns that off unless the build asks for it
// explicitly, so every build recipe must say -buildvcs=true.
func TestBuildRecipesStampTheCommit(t *testing.T) {
	for _, file := range []string{"../../Makefile", "../../Dockerfile"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		builds := regexp.MustCompile(`(?mi)^.*\bgo\)? build\b.*$`).FindAllString(string(data), -1)
		if len(builds) == 0 {
			t.Errorf("%s: no go build line found", file)
		}
		for _, line := range builds {
			if !strings.Contains(line, "-buildvcs=true") {
				t.Errorf("%s: %q lacks -buildvcs=true", file, strings.TrimSpace(line))
			}
		}
	}
}

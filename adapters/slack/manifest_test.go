package slack

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/reportbot/reportbot/bot"
)

// TestManifestMatchesCommands keeps deploy/slack-app-manifest.yaml in step
// with the core's declared commands and the scopes the adapter needs.
func TestManifestMatchesCommands(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct {
				Command     string `yaml:"command"`
				Description string `yaml:"description"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				BotEvents []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			SocketMode    bool `yaml:"socket_mode_enabled"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var inManifest []string
	for _, c := range m.Features.SlashCommands {
		inManifest = append(inManifest, c.Command)
		if c.Description == "" || len(c.Description) > 100 {
			t.Errorf("%s: Slack wants a description of 1–100 characters", c.Command)
		}
	}
	var declared []string
	for _, c := range bot.New(nil, bot.Options{}).Commands() {
		declared = append(declared, "/"+c.Name)
	}
	slices.Sort(inManifest)
	slices.Sort(declared)
	if !slices.Equal(inManifest, declared) {
		t.Errorf("manifest slash commands %v; the core declares %v", inManifest, declared)
	}
	// Thread follow-ups read channel and private-channel messages.
	for _, s := range []string{"app_mentions:read", "chat:write", "im:history", "commands", "channels:history", "groups:history", "files:read"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("scope %s missing", s)
		}
	}
	for _, e := range []string{"app_mention", "message.im", "message.channels", "message.groups"} {
		if !slices.Contains(m.Settings.Events.BotEvents, e) {
			t.Errorf("event %s missing", e)
		}
	}
	if !m.Settings.Interactivity.Enabled {
		t.Error("the feedback buttons need interactivity enabled")
	}
	if !m.Settings.SocketMode {
		t.Error("the manifest should enable Socket Mode, the default transport")
	}
}

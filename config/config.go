// Package config reads reportbot's YAML configuration. Unknown keys are
// errors (a misspelt key must never be silently ignored), secrets may come
// from the environment, and every setting has a default documented in
// config.example.yaml.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration.
type Config struct {
	Knowledge Knowledge `yaml:"knowledge"`
	Bot       Bot       `yaml:"bot"`
	Telegram  Telegram  `yaml:"telegram"`
	Slack     Slack     `yaml:"slack"`
	Store     Store     `yaml:"store"`
	Digest    Digest    `yaml:"digest"`
	Admin     Admin     `yaml:"admin"`
	Log       Log       `yaml:"log"`
}

// Knowledge says where reports come from.
type Knowledge struct {
	// Reports lists report files or folders. Empty means the bundled report.
	Reports []string `yaml:"reports"`
	// KBFile is a knowledge file written by `reportbot build`; when set it is
	// loaded instead of parsing the reports.
	KBFile string `yaml:"kb_file"`
	// Curation is the optional curation file a person edits.
	Curation string `yaml:"curation"`
	// MaxFileSize rejects report files larger than this many bytes.
	MaxFileSize int64 `yaml:"max_file_size"`
	// Watch reloads the reports folders when files change.
	Watch bool `yaml:"watch"`
}

// Bot tunes the platform-neutral core.
type Bot struct {
	// MinConfidence is the threshold below which the bot gives its fallback.
	MinConfidence float64 `yaml:"min_confidence"`
	// AnswerUnprompted lets the bot answer plain questions in groups when
	// confident, without a mention.
	AnswerUnprompted bool `yaml:"answer_unprompted"`
	// UnpromptedConfidence is the confidence needed for that.
	UnpromptedConfidence float64 `yaml:"unprompted_confidence"`
	// MaxMessageLength refuses longer messages politely.
	MaxMessageLength int `yaml:"max_message_length"`
	// UserRate and ChatRate limit questions per minute; 0 disables.
	UserRate int `yaml:"user_rate_per_minute"`
	ChatRate int `yaml:"chat_rate_per_minute"`
}

// Telegram configures the Telegram adapter.
type Telegram struct {
	Enabled     bool   `yaml:"enabled"`
	Token       string `yaml:"token"`        // or TELEGRAM_BOT_TOKEN
	APIEndpoint string `yaml:"api_endpoint"` // Bot API base URL
	Mode        string `yaml:"mode"`         // "polling" or "webhook"
	Webhook     struct {
		Listen    string `yaml:"listen"`
		PublicURL string `yaml:"public_url"`
		Secret    string `yaml:"secret"` // or TELEGRAM_WEBHOOK_SECRET
	} `yaml:"webhook"`
	PollTimeout time.Duration `yaml:"poll_timeout"`
	Workers     int           `yaml:"workers"`
}

// Slack configures the Slack adapter.
type Slack struct {
	Enabled       bool   `yaml:"enabled"`
	BotToken      string `yaml:"bot_token"`      // or SLACK_BOT_TOKEN
	AppToken      string `yaml:"app_token"`      // or SLACK_APP_TOKEN
	SigningSecret string `yaml:"signing_secret"` // or SLACK_SIGNING_SECRET
	APIURL        string `yaml:"api_url"`
	Mode          string `yaml:"mode"` // "socket" or "http"
	HTTP          struct {
		Listen string `yaml:"listen"`
		Path   string `yaml:"path"`
	} `yaml:"http"`
	CommandPrefix string   `yaml:"command_prefix"` // "/report-" makes /report-speakers
	Admins        []string `yaml:"admins"`         // user IDs allowed to manage subscriptions
	Workers       int      `yaml:"workers"`        // answers computed at once
}

// Store configures persistent state.
type Store struct {
	Driver string `yaml:"driver"` // "sqlite" or "postgres"
	Path   string `yaml:"path"`   // SQLite file
	DSN    string `yaml:"dsn"`    // PostgreSQL, or DATABASE_URL
}

// Digest configures daily digests.
type Digest struct {
	DefaultTime     string   `yaml:"default_time"`     // "HH:MM"
	DefaultTimezone string   `yaml:"default_timezone"` // IANA name
	WhenNothingNew  string   `yaml:"when_nothing_new"` // "skip" or "archive"
	BotAdmins       []string `yaml:"bot_admins"`       // "platform:userID" or a bare user ID
	// Scheduler: how often each replica looks for due digests, how long a
	// claimed digest is reserved for its sender, and how often a failing
	// send is tried before giving up for the day.
	CheckInterval time.Duration `yaml:"check_interval"`
	Lease         time.Duration `yaml:"lease"`
	MaxAttempts   int           `yaml:"max_attempts"`
}

// Admin configures the health and metrics listener.
type Admin struct {
	Listen string `yaml:"listen"` // "" disables
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// Default returns the configuration used when no file is given.
func Default() Config {
	c := Config{}
	c.Knowledge.MaxFileSize = 10 << 20
	c.Bot.MinConfidence = 0.35
	c.Bot.UnpromptedConfidence = 0.8
	c.Bot.MaxMessageLength = 2000
	c.Bot.UserRate = 20
	c.Bot.ChatRate = 60
	c.Telegram.APIEndpoint = "https://api.telegram.org/bot%s/%s"
	c.Telegram.Mode = "polling"
	c.Telegram.PollTimeout = 30 * time.Second
	c.Telegram.Workers = 8
	c.Slack.Mode = "socket"
	c.Slack.HTTP.Path = "/slack/events"
	c.Slack.Workers = 8
	c.Store.Driver = "sqlite"
	c.Store.Path = "reportbot.db"
	c.Digest.DefaultTime = "09:00"
	c.Digest.DefaultTimezone = "UTC"
	c.Digest.WhenNothingNew = "skip"
	c.Digest.CheckInterval = 30 * time.Second
	c.Digest.Lease = 2 * time.Minute
	c.Digest.MaxAttempts = 5
	c.Log.Level = "info"
	c.Log.Format = "text"
	return c
}

// Load reads a config file over the defaults, then applies environment
// overrides and validates. An empty path means defaults plus environment.
func Load(path string) (Config, error) {
	c := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return c, fmt.Errorf("config: %w", err)
		}
		if err := decode(data, &c); err != nil {
			return c, fmt.Errorf("config %s: %w", path, err)
		}
	}
	c.applyEnv(os.Getenv)
	if err := c.Validate(); err != nil {
		if path != "" {
			return c, fmt.Errorf("config %s: %w", path, err)
		}
		return c, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

func decode(data []byte, c *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	// An empty file means "all defaults".
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// applyEnv lets deployments set secrets and per-deployment settings without
// writing them into the file.
func (c *Config) applyEnv(getenv func(string) string) {
	set := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	set(&c.Telegram.Token, "TELEGRAM_BOT_TOKEN")
	set(&c.Telegram.Webhook.Secret, "TELEGRAM_WEBHOOK_SECRET")
	set(&c.Slack.BotToken, "SLACK_BOT_TOKEN")
	set(&c.Slack.AppToken, "SLACK_APP_TOKEN")
	set(&c.Slack.SigningSecret, "SLACK_SIGNING_SECRET")
	set(&c.Store.DSN, "DATABASE_URL")
	set(&c.Log.Level, "REPORTBOT_LOG_LEVEL")
	set(&c.Admin.Listen, "REPORTBOT_ADMIN_LISTEN")
}

// Validate checks values that YAML typing cannot.
func (c Config) Validate() error {
	var errs []error
	if c.Bot.MinConfidence < 0 || c.Bot.MinConfidence > 1 {
		errs = append(errs, fmt.Errorf("bot.min_confidence must be between 0 and 1"))
	}
	if c.Knowledge.MaxFileSize <= 0 {
		errs = append(errs, fmt.Errorf("knowledge.max_file_size must be positive"))
	}
	if _, err := time.LoadLocation(c.Digest.DefaultTimezone); err != nil {
		errs = append(errs, fmt.Errorf("digest.default_timezone: unknown time zone %q", c.Digest.DefaultTimezone))
	}
	errs = append(errs, c.Digest.validate(), c.Store.validate())
	return errors.Join(errs...)
}

func (d Digest) validate() error {
	var errs []error
	if hh, mm, ok := strings.Cut(d.DefaultTime, ":"); !ok || len(hh) != 2 || len(mm) != 2 || hh > "23" || mm > "59" || strings.Trim(hh+mm, "0123456789") != "" {
		errs = append(errs, fmt.Errorf("digest.default_time: %q is not HH:MM", d.DefaultTime))
	}
	if d.WhenNothingNew != "skip" && d.WhenNothingNew != "archive" {
		errs = append(errs, fmt.Errorf("digest.when_nothing_new must be skip or archive, not %q", d.WhenNothingNew))
	}
	if d.CheckInterval <= 0 || d.Lease <= 0 || d.MaxAttempts <= 0 {
		errs = append(errs, fmt.Errorf("digest.check_interval, digest.lease and digest.max_attempts must be positive"))
	}
	return errors.Join(errs...)
}

func (s Store) validate() error {
	switch s.Driver {
	case "sqlite":
		if s.Path == "" {
			return fmt.Errorf("store.path: the SQLite file must be named")
		}
	case "postgres":
		if s.DSN == "" {
			return fmt.Errorf("store.dsn: PostgreSQL needs a DSN (or DATABASE_URL)")
		}
	default:
		return fmt.Errorf("store.driver must be sqlite or postgres, not %q", s.Driver)
	}
	return nil
}

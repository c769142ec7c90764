// Package config reads reportbot's YAML configuration. Unknown keys are
// errors (a misspelt key must never be silently ignored), secrets may come
// from the environment, and every setting has a default documented in
// config.example.yaml.
//
// It is part of the running service, not of the core, so it lives under
// internal/.
package config

import (
	"fmt"
	"os"
	"time"
)

// Config is the whole configuration.
type Config struct {
	Knowledge Knowledge `yaml:"knowledge"`
	Bot       Bot       `yaml:"bot"`
	Telegram  Telegram  `yaml:"telegram"`
	Slack     Slack     `yaml:"slack"`
	Store     Store     `yaml:"store"`
	Digest    Digest    `yaml:"digest"`
	// Conversation: follow-up questions and feedback on answers.
	Conversation Conversation `yaml:"conversation"`
	Admin        Admin        `yaml:"admin"`
	Console      Console      `yaml:"console"`
	Log          Log          `yaml:"log"`

	// Uploads configures reports added from chat and the CLI.
	Uploads Uploads `yaml:"uploads"`
	// Scopes maps a chat ("telegram:-100123", "slack:C0123") to the tags of
	// the reports it sees; /scope in the chat overrides it. Chats not
	// listed see every report.
	Scopes map[string][]string `yaml:"scopes"`
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
	// Retention bounds how long old state is kept; 0 keeps it forever.
	// Each chat's latest digest is kept regardless: the next one counts
	// from it.
	Retention struct {
		Deliveries time.Duration `yaml:"deliveries"` // finished digest deliveries
		Unanswered time.Duration `yaml:"unanswered"` // the unanswered-question log
		Answers    time.Duration `yaml:"answers"`    // recorded answers, with their votes
	} `yaml:"retention"`
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

// Conversation configures follow-up questions and feedback buttons.
type Conversation struct {
	// TTL is how long the bot remembers what a conversation (a thread, a
	// reply chain, a private chat) was about.
	TTL time.Duration `yaml:"ttl"`
	// PrivateWindow: in a private chat a message within this long of the
	// last answer carries the conversation on even when it is no reply.
	PrivateWindow time.Duration `yaml:"private_window"`
	// FeedbackButtons puts 👍 and 👎 under each free-text answer.
	FeedbackButtons bool `yaml:"feedback_buttons"`
}

// Uploads configures reports added from chat (a file sent to the bot) and
// with `reportbot add`; they are kept in the store.
type Uploads struct {
	// Admins may add and remove reports from chat: "platform:userID" or a
	// bare user ID. Empty: digest.bot_admins.
	Admins []string `yaml:"admins"`
	// MaxSize rejects larger files, in bytes.
	MaxSize int64 `yaml:"max_size"`
	// PollInterval is how often each replica checks the store for reports
	// added or removed elsewhere (PostgreSQL also notifies at once).
	PollInterval time.Duration `yaml:"poll_interval"`
}

// Admin configures the health and metrics listener.
type Admin struct {
	Listen string `yaml:"listen"` // "" disables
}

// Console configures the curators' web console (internal/curator).
type Console struct {
	// Listen is the console's own address; "" serves it under /console/
	// on admin.listen instead.
	Listen string `yaml:"listen"`
	// SecureCookie marks the session cookie Secure even on a plain
	// connection, for a TLS proxy that does not send X-Forwarded-Proto.
	SecureCookie bool `yaml:"secure_cookie"`
	// SessionTTL is how long a sign-in lasts.
	SessionTTL time.Duration `yaml:"session_ttl"`
	// Password signs curators in. It comes only from the environment
	// (REPORTBOT_CONSOLE_PASSWORD), never from a file that might be
	// committed; without it the console is off.
	Password string `yaml:"-"`
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
	c.Uploads.MaxSize = 10 << 20
	c.Uploads.PollInterval = 2 * time.Second
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
	c.Store.Retention.Deliveries = 90 * 24 * time.Hour
	c.Store.Retention.Unanswered = 180 * 24 * time.Hour
	c.Store.Retention.Answers = 180 * 24 * time.Hour
	c.Digest.DefaultTime = "09:00"
	c.Digest.DefaultTimezone = "UTC"
	c.Digest.WhenNothingNew = "skip"
	c.Digest.CheckInterval = 30 * time.Second
	c.Digest.Lease = 2 * time.Minute
	c.Digest.MaxAttempts = 5
	c.Console.SessionTTL = 12 * time.Hour
	c.Conversation.TTL = 30 * time.Minute
	c.Conversation.PrivateWindow = 5 * time.Minute
	c.Conversation.FeedbackButtons = true
	c.Log.Level = "info"
	c.Log.Format = "text"
	return c
}

// Load reads a config file over the defaults, then applies environment
// overrides and validates. An empty path means defaults plus environment.
// Errors name the line of each problem, as `reportbot config check` does.
func Load(path string) (Config, error) {
	var data []byte
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return Default(), fmt.Errorf("config: %w", err)
		}
	}
	c, problems := Check(data, os.Getenv)
	if len(problems) > 0 {
		if path == "" {
			path = "(defaults and environment)"
		}
		return c, fmt.Errorf("config %s:\n%w", path, problems)
	}
	return c, nil
}

// Validate checks values that YAML typing cannot. `config check` runs the
// same rules and adds line numbers.
func (c Config) Validate() error {
	if ps := c.check(); len(ps) > 0 {
		return ps
	}
	return nil
}

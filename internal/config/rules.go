package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5/pgconn"
)

// rule checks one setting. path is the dotted key the error is reported at,
// so `config check` can name the line. The rules are grouped by section, one
// function each: a new setting gets its rule next to its neighbours.
type rule struct {
	path  string
	check func(c *Config) error
}

// fieldError lets a rule point at a more precise key than its own path, for
// example one item of a list ("slack.admins[2]").
type fieldError struct {
	path string
	err  error
}

func (e *fieldError) Error() string { return e.path + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

func rules() []rule {
	var all []rule
	for _, section := range [][]rule{
		uploadsRules(),
		knowledgeRules(), botRules(), telegramRules(), slackRules(),
		storeRules(), digestRules(), conversationRules(), adminRules(), consoleRules(), logRules(),
	} {
		all = append(all, section...)
	}
	return all
}

func knowledgeRules() []rule {
	return []rule{
		{"knowledge.max_file_size", func(c *Config) error { return atLeast(c.Knowledge.MaxFileSize, 1) }},
		{"knowledge.reports", func(c *Config) error {
			return eachItem("knowledge.reports", c.Knowledge.Reports, nonEmpty)
		}},
	}
}

func botRules() []rule {
	return []rule{
		{"bot.min_confidence", func(c *Config) error { return between(c.Bot.MinConfidence, 0, 1) }},
		{"bot.unprompted_confidence", func(c *Config) error { return between(c.Bot.UnpromptedConfidence, 0, 1) }},
		{"bot.max_message_length", func(c *Config) error { return atLeast(c.Bot.MaxMessageLength, 0) }},
		{"bot.user_rate_per_minute", func(c *Config) error { return between(c.Bot.UserRate, 0, 100000) }},
		{"bot.chat_rate_per_minute", func(c *Config) error { return between(c.Bot.ChatRate, 0, 100000) }},
	}
}

func conversationRules() []rule {
	return []rule{
		{"conversation.ttl", func(c *Config) error { return durationBetween(c.Conversation.TTL, time.Minute, 7*24*time.Hour) }},
		{"conversation.private_window", func(c *Config) error {
			if c.Conversation.PrivateWindow > c.Conversation.TTL {
				return errors.New("must not be longer than conversation.ttl")
			}
			return durationBetween(c.Conversation.PrivateWindow, time.Second, 7*24*time.Hour)
		}},
	}
}

func telegramRules() []rule {
	return []rule{
		{"telegram.api_endpoint", func(c *Config) error { return endpointPattern(c.Telegram.APIEndpoint) }},
		{"telegram.mode", func(c *Config) error { return oneOf(c.Telegram.Mode, "polling", "webhook") }},
		{"telegram.webhook.listen", func(c *Config) error { return listenAddr(c.Telegram.Webhook.Listen) }},
		{"telegram.webhook.public_url", func(c *Config) error {
			if c.Telegram.Webhook.PublicURL == "" {
				if c.Telegram.Enabled && c.Telegram.Mode == "webhook" {
					return errors.New("required when telegram.mode is webhook")
				}
				return nil
			}
			// Telegram's own servers deliver webhooks only over HTTPS; a
			// local Bot API server or a test emulator may use plain HTTP.
			if p, _ := ExpandEndpoint(c.Telegram.APIEndpoint); strings.Contains(p, "://api.telegram.org/") {
				return httpURL(c.Telegram.Webhook.PublicURL, "https")
			}
			return httpURL(c.Telegram.Webhook.PublicURL, "http", "https")
		}},
		{"telegram.poll_timeout", func(c *Config) error { return durationBetween(c.Telegram.PollTimeout, time.Second, 10*time.Minute) }},
		{"telegram.workers", func(c *Config) error { return between(c.Telegram.Workers, 1, 1024) }},
	}
}

func slackRules() []rule {
	return []rule{
		{"slack.api_url", func(c *Config) error {
			if c.Slack.APIURL == "" {
				return nil
			}
			return httpURL(c.Slack.APIURL, "http", "https")
		}},
		{"slack.mode", func(c *Config) error { return oneOf(c.Slack.Mode, "socket", "http") }},
		{"slack.http.listen", func(c *Config) error { return listenAddr(c.Slack.HTTP.Listen) }},
		{"slack.http.path", func(c *Config) error {
			if !strings.HasPrefix(c.Slack.HTTP.Path, "/") {
				return fmt.Errorf("must start with /, got %q", c.Slack.HTTP.Path)
			}
			return nil
		}},
		{"slack.command_prefix", func(c *Config) error {
			p := c.Slack.CommandPrefix
			if p != "" && (!strings.HasPrefix(p, "/") || strings.ContainsAny(p, " \t\n")) {
				return fmt.Errorf("must start with / and contain no spaces, got %q", p)
			}
			return nil
		}},
		{"slack.admins", func(c *Config) error { return eachItem("slack.admins", c.Slack.Admins, nonEmpty) }},
		{"slack.workers", func(c *Config) error { return between(c.Slack.Workers, 1, 1024) }},
	}
}

func storeRules() []rule {
	return []rule{
		{"store.driver", func(c *Config) error { return oneOf(c.Store.Driver, "sqlite", "postgres") }},
		{"store.path", func(c *Config) error {
			if c.Store.Driver == "sqlite" && c.Store.Path == "" {
				return errors.New("required when store.driver is sqlite")
			}
			return nil
		}},
		{"store.dsn", func(c *Config) error {
			if c.Store.Driver != "postgres" {
				return nil
			}
			if c.Store.DSN == "" {
				return errors.New("PostgreSQL needs a DSN (or DATABASE_URL)")
			}
			return DSNProblem(c.Store.DSN)
		}},
		// A delivery must outlive its local day in every zone, or it could
		// be claimed, and sent, again.
		{"store.retention.deliveries", func(c *Config) error { return zeroOr(c.Store.Retention.Deliveries, 72*time.Hour) }},
		{"store.retention.unanswered", func(c *Config) error { return zeroOr(c.Store.Retention.Unanswered, time.Hour) }},
		// An answer must outlive the moment its buttons are pressed.
		{"store.retention.answers", func(c *Config) error { return zeroOr(c.Store.Retention.Answers, 24*time.Hour) }},
	}
}

func digestRules() []rule {
	return []rule{
		{"digest.default_time", func(c *Config) error { return clockTime(c.Digest.DefaultTime) }},
		{"digest.default_timezone", func(c *Config) error { return timeZone(c.Digest.DefaultTimezone) }},
		{"digest.when_nothing_new", func(c *Config) error { return oneOf(c.Digest.WhenNothingNew, "skip", "archive") }},
		{"digest.bot_admins", func(c *Config) error { return eachItem("digest.bot_admins", c.Digest.BotAdmins, nonEmpty) }},
		{"digest.check_interval", func(c *Config) error { return durationBetween(c.Digest.CheckInterval, time.Second, 24*time.Hour) }},
		{"digest.lease", func(c *Config) error { return durationBetween(c.Digest.Lease, time.Second, 24*time.Hour) }},
		{"digest.max_attempts", func(c *Config) error { return between(c.Digest.MaxAttempts, 1, 1000) }},
	}
}

func uploadsRules() []rule {
	return []rule{
		{"uploads.admins", func(c *Config) error { return eachItem("uploads.admins", c.Uploads.Admins, nonEmpty) }},
		{"uploads.max_size", func(c *Config) error { return between(c.Uploads.MaxSize, 1, 1<<30) }},
		{"uploads.poll_interval", func(c *Config) error { return durationBetween(c.Uploads.PollInterval, 100*time.Millisecond, time.Hour) }},
		{"scopes", func(c *Config) error {
			for chat, tags := range c.Scopes {
				platform, id, ok := strings.Cut(chat, ":")
				if !ok || platform == "" || id == "" {
					return &fieldError{path: "scopes." + chat, err: fmt.Errorf("must be platform:chatID, e.g. telegram:-100123, got %q", chat)}
				}
				if len(tags) == 0 {
					return &fieldError{path: "scopes." + chat, err: errors.New("needs at least one tag")}
				}
				if err := eachItem("scopes."+chat, tags, tagName); err != nil {
					return err
				}
			}
			return nil
		}},
	}
}

// tagName is the shape of a report tag (as library.CheckTag, which config
// cannot import): letters, digits, '-', '_', '.', up to 40.
func tagName(s string) error {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) == 0 || len(s) > 40 || strings.ContainsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')
	}) {
		return fmt.Errorf("%q is not a tag: use letters, digits, '-', '_' or '.', up to 40 characters", s)
	}
	return nil
}

func adminRules() []rule {
	return []rule{
		{"admin.listen", func(c *Config) error { return listenAddr(c.Admin.Listen) }},
	}
}

// minConsolePassword keeps a guessable password off a page that can
// rewrite what the bot says; the sign-in limit slows guessing, it cannot
// stop it for a short one.
const minConsolePassword = 12

func consoleRules() []rule {
	return []rule{
		{"console.listen", func(c *Config) error { return listenAddr(c.Console.Listen) }},
		{"console.session_ttl", func(c *Config) error {
			return durationBetween(c.Console.SessionTTL, time.Minute, 30*24*time.Hour)
		}},
		{"console.password", func(c *Config) error {
			if n := len([]rune(c.Console.Password)); n > 0 && n < minConsolePassword {
				return fmt.Errorf("want at least %d characters, got %d", minConsolePassword, n)
			}
			return nil
		}},
	}
}

func logRules() []rule {
	return []rule{
		{"log.level", func(c *Config) error { return oneOf(strings.ToLower(c.Log.Level), "debug", "info", "warn", "error") }},
		{"log.format", func(c *Config) error { return oneOf(strings.ToLower(c.Log.Format), "text", "json") }},
	}
}

// check runs every rule.
func (c *Config) check() Problems {
	var out Problems
	for _, r := range rules() {
		err := r.check(c)
		if err == nil {
			continue
		}
		p := Problem{Path: r.path, Msg: err.Error()}
		if fe, ok := errors.AsType[*fieldError](err); ok {
			p.Path, p.Msg = fe.path, fe.err.Error()
		}
		out = append(out, p)
	}
	return out
}

// The checks below are shared by the rules.

func oneOf(v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("must be one of %s, got %q", strings.Join(allowed, ", "), v)
}

type number interface{ ~int | ~int64 | ~float64 }

func between[T number](v, lo, hi T) error {
	if v < lo || v > hi {
		return fmt.Errorf("must be between %v and %v, got %v", lo, hi, v)
	}
	return nil
}

func atLeast[T number](v, lo T) error {
	if v < lo {
		return fmt.Errorf("must be at least %v, got %v", lo, v)
	}
	return nil
}

func durationBetween(d, lo, hi time.Duration) error {
	if d < lo || d > hi {
		return fmt.Errorf("must be between %v and %v, got %v", lo, hi, d)
	}
	return nil
}

// zeroOr accepts 0 (off) or at least lo.
func zeroOr(d, lo time.Duration) error {
	if d != 0 && d < lo {
		return fmt.Errorf("must be 0 (keep forever) or at least %v, got %v", lo, d)
	}
	return nil
}

func nonEmpty(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("must not be empty")
	}
	return nil
}

func eachItem(path string, items []string, check func(string) error) error {
	for i, it := range items {
		if err := check(it); err != nil {
			return &fieldError{path: fmt.Sprintf("%s[%d]", path, i), err: err}
		}
	}
	return nil
}

// timeZone accepts IANA names ("Europe/Berlin") and UTC. Local is refused:
// it would mean different things on different machines.
func timeZone(name string) error {
	if name == "" || name == "Local" {
		return fmt.Errorf("want an IANA time zone such as \"Europe/Berlin\" or \"UTC\", got %q", name)
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Errorf("unknown time zone %q", name)
	}
	return nil
}

// clockTime accepts a 24-hour "HH:MM".
func clockTime(s string) error {
	if len(s) != 5 {
		return fmt.Errorf("want a 24-hour time HH:MM such as \"09:00\", got %q", s)
	}
	if _, err := time.Parse("15:04", s); err != nil {
		return fmt.Errorf("want a 24-hour time HH:MM such as \"09:00\", got %q", s)
	}
	return nil
}

// listenAddr accepts "" (disabled), ":8080", "127.0.0.1:8080", "[::1]:8080".
func listenAddr(addr string) error {
	if addr == "" {
		return nil
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want a listen address HOST:PORT such as \"127.0.0.1:9090\" or \":9090\", got %q", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port must be a number from 0 to 65535, got %q", port)
	}
	return nil
}

// httpURL accepts an absolute URL with one of the schemes and a host.
func httpURL(s string, schemes ...string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("not a valid URL: %q", s)
	}
	if u.Host == "" || oneOf(u.Scheme, schemes...) != nil {
		return fmt.Errorf("want an absolute %s URL, got %q", strings.Join(schemes, " or "), s)
	}
	return nil
}

// endpointPattern checks a Bot API endpoint as the Telegram adapter reads
// it: a base URL such as "http://127.0.0.1:8081" (the adapter adds
// "/bot%s/%s") or a URL pattern whose two %s are the token and the method.
func endpointPattern(s string) error {
	p, ok := ExpandEndpoint(s)
	if !ok {
		return fmt.Errorf("want a base URL such as \"http://127.0.0.1:8081\" or a URL pattern with two %%s (token, method) such as \"https://api.telegram.org/bot%%s/%%s\", got %q", s)
	}
	return httpURL(strings.ReplaceAll(p, "%s", "x"), "http", "https")
}

// ExpandEndpoint turns telegram.api_endpoint into the URL pattern with two
// %s (token, method); ok is false when it is neither a base URL (no %) nor
// such a pattern. The adapter and the config check share it, so what one
// accepts the other does.
func ExpandEndpoint(s string) (pattern string, ok bool) {
	switch {
	case s == "":
		return "", false
	case !strings.Contains(s, "%"):
		return strings.TrimRight(s, "/") + "/bot%s/%s", true
	case strings.Count(s, "%s") == 2 && strings.Count(s, "%") == 2:
		return s, true
	}
	return "", false
}

// DSNProblem parses a PostgreSQL DSN as the driver will and says what is
// wrong with it, without quoting it: the DSN may hold a password, and the
// driver's own message quotes the DSN. nil when it parses.
func DSNProblem(dsn string) error {
	_, err := pgconn.ParseConfig(dsn)
	if err == nil {
		return nil
	}
	msg := err.Error()
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		// "cannot parse `DSN`: reason": keep the reason.
		if i := strings.Index(msg, "`: "); i >= 0 {
			msg = msg[i+3:]
		}
	}
	if strings.Contains(msg, dsn) {
		msg = "not a valid DSN"
	}
	return fmt.Errorf("cannot parse the DSN: %s", msg)
}

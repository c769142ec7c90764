// Package slack connects the bot core to Slack over Socket Mode or the HTTP
// Events API. Both transports feed one pipeline: acknowledge the delivery,
// drop it if its event ID was seen before, queue it per channel (in order
// within a channel, channels in parallel), ask the core, render the reply
// as Block Kit and post it, paced, into the question's thread.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/dedupe"
	"github.com/reportbot/reportbot/internal/metrics"
)

// Transports.
const (
	ModeSocket = "socket"
	ModeHTTP   = "http"
)

// Options configures an Adapter.
type Options struct {
	BotToken      string // xoxb-…, for the Web API
	AppToken      string // xapp-…, Socket Mode only
	SigningSecret string // HTTP Events API only
	APIURL        string // Web API base URL ending in "/"; empty: Slack's own
	Mode          string // ModeSocket (default) or ModeHTTP
	Listen        string // HTTP listen address
	Path          string // HTTP path for events and slash commands
	// CommandPrefix is put before every command name in the workspace:
	// "/report-" (or "report-") makes /speakers /report-speakers.
	CommandPrefix string
	// Admins may manage digest subscriptions anywhere; when empty, Slack's
	// workspace admins and owners may.
	Admins []string

	Handler bot.Handler
	// Voter records 👍/👎 presses; nil shows no feedback buttons.
	Voter bot.Voter
	// Files answers files shared with the bot in a DM or with a mention
	// (reports to add); nil: files are ignored and only the text is read.
	Files    bot.FileHandler
	Commands []bot.Command
	Dedupe   dedupe.Set
	Logger   *slog.Logger

	Workers      int           // answers computed at once; default 8
	QueueSize    int           // waiting messages per channel; default 32
	PostInterval time.Duration // minimum gap between posts to a channel; default 1s
	Clock        Clock         // default: the real clock
	HTTPClient   *http.Client  // for response_url posts; default: 10 s timeout
	// SocketOptions tune the Socket Mode client (tests lengthen the ping
	// interval, since the fake server never pings).
	SocketOptions []socketmode.Option
}

// Adapter is a running Slack connection. It implements bot.Poster and
// bot.AdminChecker.
type Adapter struct {
	opt    Options
	api    *slack.Client
	log    *slog.Logger
	clock  Clock
	pacer  *pacer
	prefix string

	botUserID string // from auth.test; messages by it are ignored
	botID     string

	users    *lookupCache[*slack.User]
	channels *lookupCache[*slack.Channel]

	in   chan delivery
	disp *dispatcher
}

var (
	_ bot.Poster       = (*Adapter)(nil)
	_ bot.AdminChecker = (*Adapter)(nil)
)

// New checks the options and builds the Web API client. It makes no network
// call; Run asks Slack who the bot is before taking deliveries.
func New(opt Options) (*Adapter, error) {
	if opt.Mode == "" {
		opt.Mode = ModeSocket
	}
	var errs []error
	if opt.Handler == nil {
		errs = append(errs, errors.New("no handler"))
	}
	if opt.BotToken == "" {
		errs = append(errs, errors.New("slack.bot_token (or SLACK_BOT_TOKEN) is required"))
	}
	switch opt.Mode {
	case ModeSocket:
		if !strings.HasPrefix(opt.AppToken, "xapp-") {
			errs = append(errs, errors.New("socket mode needs an app-level token starting with xapp- in slack.app_token (or SLACK_APP_TOKEN)"))
		}
	case ModeHTTP:
		if opt.SigningSecret == "" {
			errs = append(errs, errors.New("http mode needs slack.signing_secret (or SLACK_SIGNING_SECRET)"))
		}
		if opt.Listen == "" {
			errs = append(errs, errors.New("http mode needs slack.http.listen"))
		}
	default:
		errs = append(errs, fmt.Errorf("slack.mode must be %q or %q, not %q", ModeSocket, ModeHTTP, opt.Mode))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	if opt.Path == "" {
		opt.Path = "/slack/events"
	}
	if opt.Dedupe == nil {
		opt.Dedupe = dedupe.NewMemory(24 * time.Hour)
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Workers <= 0 {
		opt.Workers = 8
	}
	if opt.QueueSize <= 0 {
		opt.QueueSize = 32
	}
	if opt.PostInterval <= 0 {
		opt.PostInterval = time.Second
	}
	if opt.Clock == nil {
		opt.Clock = realClock{}
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	apiOpts := []slack.Option{slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second})}
	if opt.APIURL != "" {
		u := opt.APIURL
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		apiOpts = append(apiOpts, slack.OptionAPIURL(u))
	}
	if opt.AppToken != "" {
		apiOpts = append(apiOpts, slack.OptionAppLevelToken(opt.AppToken))
	}
	a := &Adapter{
		opt:    opt,
		api:    slack.New(opt.BotToken, apiOpts...),
		log:    opt.Logger.With("platform", "slack"),
		clock:  opt.Clock,
		pacer:  newPacer(opt.Clock, opt.PostInterval),
		prefix: strings.ToLower(strings.TrimPrefix(opt.CommandPrefix, "/")),
		in:     make(chan delivery, 256),
	}
	a.users = newLookupCache(opt.Clock.Now, func(ctx context.Context, id string) (*slack.User, error) {
		u, err := a.api.GetUserInfoContext(ctx, id)
		return u, countRateLimit(err)
	})
	a.channels = newLookupCache(opt.Clock.Now, func(ctx context.Context, id string) (*slack.Channel, error) {
		ch, err := a.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: id})
		return ch, countRateLimit(err)
	})
	a.disp = newDispatcher(opt.Workers, opt.QueueSize, a.answer)
	return a, nil
}

// SlashCommands lists the workspace command names the app manifest must
// declare, e.g. "/report-speakers".
func (a *Adapter) SlashCommands() []string {
	out := make([]string, 0, len(a.opt.Commands))
	for _, c := range a.opt.Commands {
		out = append(out, "/"+a.prefix+c.Name)
	}
	return out
}

// Run connects with the configured transport and serves until ctx is done.
// On return, answers already queued have been given a short grace period.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.identify(ctx); err != nil {
		return err
	}
	a.log.Info("slack starting", "mode", a.opt.Mode, "bot_user", a.botUserID, "slash_commands", strings.Join(a.SlashCommands(), " "))

	stop := a.startPipeline(ctx)
	var err error
	switch a.opt.Mode {
	case ModeHTTP:
		err = a.runHTTP(ctx)
	default:
		err = a.runSocket(ctx)
	}
	stop()
	return err
}

// startPipeline starts the intake; the returned stop takes no more
// deliveries and gives queued answers a grace period to finish.
func (a *Adapter) startPipeline(ctx context.Context) (stop func()) {
	// Answers outlive ctx a little, so a shutdown does not cut one in half.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	stopIntake, intakeDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(intakeDone)
		a.intake(work, stopIntake)
	}()
	return func() {
		defer stopWork()
		close(stopIntake)
		<-intakeDone
		drained := make(chan struct{})
		go func() { a.disp.wait(); close(drained) }()
		t := time.NewTimer(10 * time.Second)
		defer t.Stop()
		select {
		case <-drained:
		case <-t.C:
			a.log.Warn("slack: shutting down with answers still queued")
		}
	}
}

// identifyAttempts bounds the start-up retries of auth.test; with the
// doubling wait from 1 s that is about 15 s, as the Telegram adapter's
// getMe, so both platforms survive a network that comes up late at boot.
const identifyAttempts = 5

// identify asks Slack which user the bot is, so its own messages and its
// mention can be recognised. A refused token will not get better and fails
// at once; an unreachable API (or a 429, or a 5xx) is retried with backoff.
func (a *Adapter) identify(ctx context.Context) error {
	backoff := time.Second
	for attempt := 1; ; attempt++ {
		r, err := a.api.AuthTestContext(ctx)
		if err == nil {
			a.botUserID, a.botID = r.UserID, r.BotID
			return nil
		}
		wait, retry := identifyRetry(err, backoff)
		if !retry || attempt == identifyAttempts || ctx.Err() != nil {
			return fmt.Errorf("slack auth.test: %w", err)
		}
		a.log.Warn("slack auth.test failed; retrying", "err", err, "in", wait)
		if a.clock.Sleep(ctx, wait) != nil {
			return fmt.Errorf("slack auth.test: %w", err)
		}
		backoff *= 2
	}
}

// identifyRetry says whether an auth.test error is worth retrying, and
// after how long.
func identifyRetry(err error, backoff time.Duration) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var api slack.SlackErrorResponse
	switch {
	case errors.As(err, &rl):
		metrics.RateLimited.WithLabelValues("slack").Inc()
		return max(rl.RetryAfter, backoff), true
	case errors.As(err, &sc):
		return backoff, sc.Code >= 500
	case errors.As(err, &api):
		return 0, false // invalid_auth, account_inactive, …
	}
	return backoff, true // the network: DNS, refused, timeout
}

// IsChatAdmin implements bot.AdminChecker. Configured admins may manage any
// channel; otherwise Slack's workspace admins and owners may. Everyone
// manages their own direct-message channel with the bot.
func (a *Adapter) IsChatAdmin(ctx context.Context, chatID, userID string) (bool, error) {
	if userID == "" {
		return false, nil
	}
	if strings.HasPrefix(chatID, "D") {
		ch, err := a.channels.get(ctx, chatID)
		if err == nil && ch.IsIM && ch.User == userID {
			return true, nil
		}
	}
	if len(a.opt.Admins) > 0 {
		return slices.Contains(a.opt.Admins, userID), nil
	}
	u, err := a.users.get(ctx, userID)
	if err != nil {
		return false, fmt.Errorf("slack users.info: %w", err)
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, nil
}

// countRateLimit counts a 429 from a lookup; lookups are not retried (a
// missing user name is harmless), their failure is cached briefly instead.
func countRateLimit(err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		metrics.RateLimited.WithLabelValues("slack").Inc()
	}
	return err
}

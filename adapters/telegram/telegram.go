// Package telegram connects the bot core to Telegram's Bot API. Long
// polling and webhooks feed one pipeline: deduplicate by update_id, queue
// per chat, answer on a bounded worker pool, render to Telegram HTML and
// send through a pacing limiter that keeps within Telegram's flood limits.
package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/dedupe"
	"github.com/reportbot/reportbot/internal/metrics"
)

// DefaultAPIEndpoint is Telegram's own Bot API; %s are the token and method.
const DefaultAPIEndpoint = "https://api.telegram.org/bot%s/%s"

const platform = "telegram"

// Options configures an Adapter. Zero values get sensible defaults.
type Options struct {
	Token string // required; never logged
	// APIEndpoint is a URL pattern with two %s (token, method), or a base
	// URL such as "http://127.0.0.1:8081" to which "/bot%s/%s" is added.
	APIEndpoint string
	Mode        string // "polling" (default) or "webhook"
	Webhook     WebhookOptions
	PollTimeout time.Duration // long-poll timeout; default 30s
	Workers     int           // chats answered in parallel; default 8
	// ShutdownGrace bounds how long shutdown waits for replies in flight.
	ShutdownGrace time.Duration
	Commands      []bot.Command // registered with setMyCommands at start
	Dedupe        dedupe.Set    // default: in memory for a day
	// Voter records 👍/👎 presses; nil shows no feedback buttons.
	Voter bot.Voter
	// Files answers documents sent to the bot (reports to add); nil:
	// documents are ignored, like photos.
	Files bot.FileHandler
	// Shared, when set, is the send schedule every replica of this bot
	// shares (the store): each message takes a slot from it, so N
	// replicas together keep Telegram's 30 messages a second. Nil: the
	// limit holds per process only.
	Shared SlotReserver
	// Spool, when set, keeps webhook updates that shutdown cut off after
	// Telegram had its 200 (it will not send them again); the next start
	// of any replica answers them. Nil: such updates are lost, and logged.
	Spool      Spool
	Logger     *slog.Logger
	Clock      Clock        // default: the real clock
	HTTPClient *http.Client // default: one with timeouts fitting PollTimeout
}

// Spool keeps acknowledged but unanswered deliveries across a restart
// (store.Spool implements it).
type Spool interface {
	SpoolDelivery(ctx context.Context, scope string, payload []byte, now time.Time) error
	TakeSpooled(ctx context.Context, scope string, limit int) ([][]byte, error)
}

// SlotReserver hands out send slots from a schedule shared across
// replicas (store.Rates implements it).
type SlotReserver interface {
	ReserveSlot(ctx context.Context, scope string, now time.Time, interval time.Duration) (time.Time, error)
}

// sharedInterval spaces slots of the shared schedule: 35 ms is 28.6
// messages a second. The schedule itself never exceeds that, but a send
// leaves a little after its slot, by however late its timer fires and its
// request travels; measured under load (BenchmarkTwoReplicasRealTime),
// 34 ms let 154 messages arrive in one 5 s window where 150 are allowed.
const sharedInterval = 35 * time.Millisecond

// The per-chat slots of the shared schedule: Telegram allows one message a
// second in a chat and 20 a minute in a group. Shared, a group's limit is
// kept as an even 3 s spacing (no burst), and both carry a margin for the
// wait on the global slot that follows the chat's.
const (
	sharedChatInterval  = 1100 * time.Millisecond
	sharedGroupInterval = 3100 * time.Millisecond
)

// WebhookOptions configures webhook mode.
type WebhookOptions struct {
	Listen    string // address to listen on, e.g. ":8443"
	PublicURL string // the URL Telegram posts to; its path is served
	Secret    string // sent by Telegram in X-Telegram-Bot-Api-Secret-Token
	// Listener, when set, is used instead of listening on Listen (tests).
	Listener net.Listener
}

// Adapter is a running Telegram connection. It implements bot.Poster and
// bot.AdminChecker.
type Adapter struct {
	h     bot.Handler
	opts  Options
	api   *client
	lim   *limiter
	log   *slog.Logger
	clock Clock
	me    identity // set by Run before any update is read
	path  string   // webhook path
	scope string   // this bot's name in the shared schedule
}

var (
	_ bot.Poster       = (*Adapter)(nil)
	_ bot.AdminChecker = (*Adapter)(nil)
)

// secretRE is what Telegram accepts as a webhook secret token.
var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// New checks the options and builds an adapter. It does no network I/O;
// Run does.
func New(h bot.Handler, opts Options) (*Adapter, error) {
	if h == nil {
		return nil, errors.New("telegram: no handler")
	}
	if opts.Token == "" {
		return nil, errors.New("telegram: no bot token (set telegram.token or TELEGRAM_BOT_TOKEN)")
	}
	ep, err := endpointPattern(opts.APIEndpoint)
	if err != nil {
		return nil, err
	}
	opts.APIEndpoint = ep
	if opts.Mode == "" {
		opts.Mode = "polling"
	}
	if opts.PollTimeout <= 0 {
		opts.PollTimeout = 30 * time.Second
	}
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	if opts.ShutdownGrace <= 0 {
		opts.ShutdownGrace = 30 * time.Second
	}
	if opts.Dedupe == nil {
		opts.Dedupe = dedupe.NewMemory(24 * time.Hour)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.HTTPClient == nil {
		// The client timeout must outlast a long poll.
		opts.HTTPClient = &http.Client{Timeout: opts.PollTimeout + 30*time.Second}
	}
	a := &Adapter{
		h: h, opts: opts, log: opts.Logger, clock: opts.Clock,
		api: newClient(opts.Token, opts.APIEndpoint, opts.HTTPClient),
		lim: newLimiter(opts.Clock),
		// The bot ID (the token's part before the colon) is no secret and
		// is the same for every replica of the bot.
		scope: "telegram:" + strings.SplitN(opts.Token, ":", 2)[0],
	}
	// With a shared schedule the global limit is kept there; the local
	// window would only add a second, stricter count of the same sends.
	a.lim.noGlobal = opts.Shared != nil
	switch opts.Mode {
	case "polling":
	case "webhook":
		w := opts.Webhook
		if w.Listen == "" && w.Listener == nil {
			return nil, errors.New("telegram: webhook mode needs telegram.webhook.listen")
		}
		if w.PublicURL == "" {
			return nil, errors.New("telegram: webhook mode needs telegram.webhook.public_url")
		}
		if !secretRE.MatchString(w.Secret) {
			return nil, errors.New("telegram: webhook mode needs telegram.webhook.secret (or TELEGRAM_WEBHOOK_SECRET): 1-256 characters A-Z, a-z, 0-9, _ and -")
		}
		a.path, err = webhookPath(w.PublicURL)
		if err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("telegram: unknown mode %q (want polling or webhook)", opts.Mode)
	}
	return a, nil
}

// endpointPattern reads Options.APIEndpoint with the same rule as the
// config check (config.ExpandEndpoint), so what one accepts the other does.
func endpointPattern(ep string) (string, error) {
	if ep == "" {
		return DefaultAPIEndpoint, nil
	}
	if p, ok := config.ExpandEndpoint(ep); ok {
		return p, nil
	}
	return "", errors.New("telegram: api_endpoint must be a base URL or a pattern with two %s (token, method)")
}

// Run connects, registers the commands and answers updates until ctx is
// done. Then it stops taking updates, finishes the replies in flight (for
// at most ShutdownGrace) and, when polling, confirms the update offset so
// that a restart neither repeats nor loses an update.
func (a *Adapter) Run(ctx context.Context) error {
	me, err := a.getMe(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.me = me
	a.log.Info("telegram connected", "bot", "@"+me.Username, "id", me.ID, "mode", a.opts.Mode)
	a.setCommands(ctx)

	// Replies outlive ctx so that shutdown can finish them.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	disp := newDispatcher(workCtx, a.opts.Workers, 64*a.opts.Workers)
	a.replaySpooled(ctx, disp)

	var p *poller
	if a.opts.Mode == "webhook" {
		// Behind a load balancer the replica that spooled an update may
		// never start again (scaled down); the others look now and then.
		replayDone := make(chan struct{})
		go func() {
			defer close(replayDone)
			t := time.NewTicker(spoolReplayEvery)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					a.replaySpooled(ctx, disp)
				}
			}
		}()
		err = a.serveWebhook(ctx, disp)
		<-replayDone
	} else {
		p = &poller{a: a, pending: make(map[int64]struct{})}
		err = p.run(ctx, disp)
	}

	a.log.Info("telegram: stopped taking updates; finishing replies in flight")
	a.drain(disp, stopWork)
	// After a fatal error (a refused token) the confirmation would fail too.
	if p != nil && err == nil {
		p.confirm(context.WithoutCancel(ctx))
	}
	return err
}

// spoolReplayEvery is how often a webhook replica looks for updates
// another replica spooled at its shutdown: one cheap query. A variable so
// that a test need not wait a minute.
var spoolReplayEvery = time.Minute

// replaySpooled answers the webhook updates an earlier run (of any
// replica) acknowledged but could not answer before it stopped.
func (a *Adapter) replaySpooled(ctx context.Context, disp *dispatcher) {
	if a.opts.Spool == nil {
		return
	}
	for ctx.Err() == nil {
		batch, err := a.opts.Spool.TakeSpooled(ctx, a.scope, 100)
		if err != nil {
			a.log.Warn("telegram: could not read the spooled updates; they wait for the next start", "err", err)
			return
		}
		for _, raw := range batch {
			if err := a.intake(context.WithoutCancel(ctx), disp, raw, func() {}, func() { a.spool(raw) }); err != nil {
				a.log.Warn("telegram: spooled update skipped", "err", err)
			}
		}
		if len(batch) < 100 {
			if len(batch) > 0 {
				a.log.Info("telegram: answering updates left over from the last shutdown", "updates", len(batch))
			}
			return
		}
	}
}

// spool keeps an acknowledged update that shutdown cut off, for the next
// start; without a Spool it is lost, and said so.
func (a *Adapter) spool(raw []byte) {
	id, _ := peekUpdateID(raw)
	if a.opts.Spool == nil {
		a.log.Warn("telegram: update abandoned at shutdown; Telegram will not send it again", "update_id", id)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.opts.Spool.SpoolDelivery(ctx, a.scope, raw, a.clock.Now()); err != nil {
		a.log.Warn("telegram: could not keep an update abandoned at shutdown; it is lost", "update_id", id, "err", err)
		return
	}
	a.log.Info("telegram: update abandoned at shutdown; kept for the next start", "update_id", id)
}

// drain waits for queued and running replies, cutting them short after
// ShutdownGrace.
func (a *Adapter) drain(disp *dispatcher, stopWork context.CancelFunc) {
	done := make(chan struct{})
	go func() {
		disp.close()
		close(done)
	}()
	// A real timer, not the injected clock: this bounds real shutdown time.
	grace := time.NewTimer(a.opts.ShutdownGrace)
	defer grace.Stop()
	select {
	case <-done:
	case <-grace.C:
		a.log.Warn("telegram: shutdown grace over; abandoning replies in flight")
		stopWork()
		<-done
	}
}

func (a *Adapter) getMe(ctx context.Context) (identity, error) {
	backoff := time.Second
	for attempt := 1; ; attempt++ {
		raw, err := a.api.call(ctx, "getMe", nil)
		if err == nil {
			var u struct {
				ID       int64  `json:"id"`
				Username string `json:"username"`
			}
			if err := json.Unmarshal(raw, &u); err != nil || u.ID == 0 {
				return identity{}, fmt.Errorf("telegram getMe: unexpected result")
			}
			return identity{ID: u.ID, Username: u.Username}, nil
		}
		var ae *APIError
		// A refused token will not get better; a network hiccup at boot may.
		if errors.As(err, &ae) || attempt == 5 || ctx.Err() != nil {
			return identity{}, err
		}
		a.log.Warn("telegram getMe failed; retrying", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return identity{}, ctx.Err()
		case <-a.clock.After(backoff):
		}
		backoff *= 2
	}
}

// setCommands registers the declared commands so that Telegram clients
// offer them. Failure only costs that convenience, so it is logged.
func (a *Adapter) setCommands(ctx context.Context) {
	cmds := botCommands(a.opts.Commands)
	if len(cmds) == 0 {
		return
	}
	if _, err := a.api.request(ctx, "setMyCommands", tgbotapi.NewSetMyCommands(cmds...)); err != nil {
		a.log.Warn("telegram setMyCommands failed; commands still work, clients just won't suggest them", "err", err)
	}
}

var commandNameRE = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// botCommands keeps the commands Telegram accepts (lower-case names of up
// to 32 characters, descriptions of 1 to 256).
func botCommands(cmds []bot.Command) []tgbotapi.BotCommand {
	var out []tgbotapi.BotCommand
	for _, c := range cmds {
		if c.Hidden || !commandNameRE.MatchString(c.Name) {
			continue
		}
		desc := strings.TrimSpace(c.Description)
		if desc == "" {
			desc = c.Usage()
		}
		if r := []rune(desc); len(r) > 256 {
			desc = string(r[:255]) + "…"
		}
		out = append(out, tgbotapi.BotCommand{Command: c.Name, Description: desc})
	}
	return out
}

// intake takes one raw update from either transport: decode, deduplicate,
// queue. done is called once the update needs no more work: its reply was
// sent or failed for good (or it needed none). abandoned is called instead
// when shutdown cut the update off before its reply was sent; its dedupe
// record is dropped first, so that a redelivery is answered, once.
func (a *Adapter) intake(ctx context.Context, disp *dispatcher, raw []byte, done, abandoned func()) error {
	if c, ok := decodeCallback(raw); ok {
		return a.intakeCallback(ctx, disp, c, done)
	}
	id, m, ok, err := decodeUpdate(raw, a.me)
	if err != nil {
		done()
		return err
	}
	var doc *wireDocument
	if !ok && a.opts.Files != nil {
		var d wireDocument
		if id, m, d, ok = decodeDocument(raw, a.me); ok {
			doc = &d
		}
	}
	if !ok {
		done()
		return nil
	}
	key := fmt.Sprintf("telegram:%d:%d", a.me.ID, id)
	first, err := a.opts.Dedupe.First(ctx, key)
	if err != nil {
		// Answering twice is better than never answering.
		a.log.Warn("telegram: dedupe check failed; processing anyway", "err", err)
		first = true
	}
	if !first {
		metrics.Duplicates.WithLabelValues(platform).Inc()
		a.log.Debug("telegram: duplicate update dropped", "update_id", id)
		done()
		return nil
	}
	err = disp.submit(job{chat: m.ChatID, run: func(ctx context.Context) {
		if doc != nil {
			a.answerFile(ctx, m, *doc)
			done()
			return
		}
		if a.answer(ctx, m) {
			done()
			return
		}
		// The job's context is over (shutdown); forgetting must not be.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := dedupe.Forget(fctx, a.opts.Dedupe, key); err != nil {
			a.log.Warn("telegram: could not forget an abandoned update; it will not be answered after the restart", "update_id", id, "err", err)
		}
		abandoned()
	}})
	if err != nil {
		done()
	}
	return err
}

// answer asks the core and sends its reply to the question's message, in
// the same forum topic. It reports whether the message is finished with:
// false means shutdown cut it off before the reply was sent, and it should
// be answered after the restart.
func (a *Adapter) answer(ctx context.Context, m bot.Message) (finished bool) {
	defer func() {
		if p := recover(); p != nil {
			// A panic is a failure for good: answering again would panic again.
			a.log.Error("telegram: handler panicked", "chat", m.ChatID, "panic", p)
			finished = true
		}
	}()
	if ctx.Err() != nil {
		return false // still queued when the grace ran out
	}
	r, ok := a.h.Handle(ctx, m)
	if ctx.Err() != nil {
		return false
	}
	if !ok || r.Doc.Empty() {
		return true
	}
	chunks := Render(r.Doc)
	keyboard := ""
	if a.opts.Voter != nil {
		keyboard = voteKeyboard(r.AnswerID)
	}
	if err := a.sendParts(ctx, m.ChatID, m.ThreadID, m.MessageID, chunks, keyboard); err != nil {
		if ctx.Err() != nil {
			return false
		}
		a.log.Warn("telegram: reply not sent", "chat", m.ChatID, "err", err)
	}
	return true
}

// Post sends an unprompted message (a digest) to a chat, paced like every
// other message.
func (a *Adapter) Post(ctx context.Context, chatID string, doc markup.Doc) error {
	if chatID == "" {
		return errors.New("telegram post: empty chat ID")
	}
	return a.send(ctx, chatID, "", "", Render(doc))
}

// IsChatAdmin reports whether the user is the chat's creator or an
// administrator. In a private chat the user is the only member, so yes.
func (a *Adapter) IsChatAdmin(ctx context.Context, chatID, userID string) (bool, error) {
	if chatID == userID || !isGroupChat(chatID) {
		return true, nil
	}
	raw, err := a.api.call(ctx, "getChatMember", tgbotapi.Params{"chat_id": chatID, "user_id": userID})
	if err != nil {
		return false, fmt.Errorf("telegram admin check: %w", err)
	}
	var cm struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(raw, &cm); err != nil {
		return false, fmt.Errorf("telegram admin check: %w", err)
	}
	return cm.Status == "creator" || cm.Status == "administrator", nil
}

// isGroupChat: Telegram gives groups, supergroups and channels negative IDs
// and users positive ones.
func isGroupChat(chatID string) bool {
	return strings.HasPrefix(chatID, "-") || strings.HasPrefix(chatID, "@")
}

// maxSendAttempts bounds retries after 429s for one message.
const maxSendAttempts = 5

// send delivers chunks in order; only the first replies to the question.
func (a *Adapter) send(ctx context.Context, chatID, threadID, replyTo string, chunks []string) error {
	return a.sendParts(ctx, chatID, threadID, replyTo, chunks, "")
}

// sendParts is send with an inline keyboard (reply_markup JSON, "" for
// none) under the last chunk, where the answer ends.
func (a *Adapter) sendParts(ctx context.Context, chatID, threadID, replyTo string, chunks []string, keyboard string) error {
	for i, text := range chunks {
		p := tgbotapi.Params{
			"chat_id":                  chatID,
			"text":                     text,
			"parse_mode":               "HTML",
			"disable_web_page_preview": "true",
		}
		if threadID != "" {
			p["message_thread_id"] = threadID
		}
		if i == 0 && replyTo != "" {
			p["reply_to_message_id"] = replyTo
			// The question may have been deleted meanwhile; answer anyway.
			p["allow_sending_without_reply"] = "true"
		}
		if keyboard != "" && i == len(chunks)-1 {
			p["reply_markup"] = keyboard
		}
		if err := a.sendOne(ctx, chatID, p); err != nil {
			return fmt.Errorf("part %d of %d: %w", i+1, len(chunks), err)
		}
	}
	return nil
}

func (a *Adapter) sendOne(ctx context.Context, chatID string, p tgbotapi.Params) error {
	group := isGroupChat(chatID)
	for attempt := 1; ; attempt++ {
		if err := a.lim.Wait(ctx, chatID, group); err != nil {
			return err
		}
		if err := a.waitShared(ctx, chatID); err != nil {
			return err
		}
		_, err := a.api.call(ctx, "sendMessage", p)
		if err == nil {
			return nil
		}
		var ae *APIError
		if !errors.As(err, &ae) {
			return err
		}
		switch {
		case ae.Code == http.StatusTooManyRequests:
			metrics.RateLimited.WithLabelValues(platform).Inc()
			wait := ae.RetryAfter
			if wait <= 0 {
				wait = time.Second
			}
			a.lim.block(chatID, wait)
			// A wait the caller's deadline cannot cover (a digest's send
			// gets half its lease) goes back to the caller, which keeps it
			// where every replica sees it, instead of failing at the
			// deadline with the wait forgotten.
			if dl, ok := ctx.Deadline(); attempt >= maxSendAttempts || (ok && time.Until(dl) < wait) {
				a.log.Warn("telegram: rate limited; leaving the retry to the caller", "chat", chatID, "retry_after", wait)
				return &RateLimitedError{Wait: wait, Err: ae}
			}
			a.log.Warn("telegram: rate limited; waiting", "chat", chatID, "retry_after", wait)
		case attempt >= maxSendAttempts:
			return err
		case ae.Code == http.StatusBadRequest && p["parse_mode"] != "" && strings.Contains(strings.ToLower(ae.Description), "parse entities"):
			// Should not happen, but plain text beats no answer.
			a.log.Warn("telegram: HTML refused; sending plain text", "chat", chatID, "err", err)
			p["text"] = plainFromHTML(p["text"])
			delete(p, "parse_mode")
		default:
			return err
		}
	}
}

// waitShared waits for this message's slot in the schedule all replicas
// share. A store that does not answer costs the cross-replica limit, not
// the message: the local pacing still holds.
func (a *Adapter) waitShared(ctx context.Context, chatID string) error {
	if a.opts.Shared == nil {
		return nil
	}
	// The chat's slot first, then the bot's: the global slot is the one a
	// message must not leave before, and it is taken last so that waiting
	// for the chat cannot bunch global sends. With a webhook behind a load
	// balancer, one chat's questions reach different replicas.
	interval := sharedChatInterval
	if isGroupChat(chatID) {
		interval = sharedGroupInterval
	}
	for _, slot := range []struct {
		scope    string
		interval time.Duration
	}{{a.scope + ":" + chatID, interval}, {a.scope, sharedInterval}} {
		at, err := a.opts.Shared.ReserveSlot(ctx, slot.scope, a.clock.Now(), slot.interval)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			a.log.Warn("telegram: shared send schedule unavailable; pacing this replica alone", "err", err)
			return a.lim.WaitGlobal(ctx)
		}
		if d := at.Sub(a.clock.Now()); d > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-a.clock.After(d):
			}
		}
	}
	// The chat's pacing counts from when the message really goes.
	a.lim.sentAt(chatID, a.clock.Now())
	return nil
}

// peekUpdateID reads only update_id, so that an update the adapter cannot
// otherwise decode still advances the offset.
func peekUpdateID(raw []byte) (int64, bool) {
	var u struct {
		UpdateID *int64 `json:"update_id"`
	}
	if json.Unmarshal(raw, &u) != nil || u.UpdateID == nil {
		return 0, false
	}
	return *u.UpdateID, true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

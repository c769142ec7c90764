// Package digestcmd is the chat side of digests: /subscribe, /unsubscribe,
// /digest and /settings, declared as bot.Commands for Bot.Register.
//
// It lives beside the digest it controls, under internal/, because its
// commands need the store.
package digestcmd

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/schedule"
	"github.com/reportbot/reportbot/internal/store"
)

// Store is the state the commands use.
type Store interface {
	store.Subscriptions
	digest.ChatState
	MarkArchiveShown(ctx context.Context, c store.Chat, item string, now time.Time) error
}

// Config wires the commands.
type Config struct {
	Store       Store
	DefaultTime string // "HH:MM"
	DefaultZone string // IANA name
	Digest      digest.Options
	// BotAdmins may change any chat's subscription: "platform:userID", or a
	// bare user ID for any platform.
	BotAdmins []string
	// Admins finds the platform's chat-admin check; nil when the platform
	// has none, and then only bot admins may change group subscriptions.
	Admins func(platform string) bot.AdminChecker
	Now    func() time.Time
	Log    *slog.Logger
}

type commands struct{ c Config }

// Commands returns the digest commands.
func Commands(c Config) []bot.Command {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Admins == nil {
		c.Admins = func(string) bot.AdminChecker { return nil }
	}
	x := &commands{c}
	return []bot.Command{
		{Name: "subscribe", Args: "[HH:MM] [TIMEZONE]", Description: "Get a daily digest of new reports in this chat",
			Examples: []string{"/subscribe 08:30 Europe/Berlin"}, Run: x.subscribe},
		{Name: "unsubscribe", Description: "Stop the daily digest", Run: x.unsubscribe},
		{Name: "digest", Description: "Today's digest, now", Run: x.digest},
		{Name: "settings", Description: "This chat's digest settings", Run: x.settings},
	}
}

func say(parts ...markup.Span) bot.Reply {
	var d markup.Doc
	d.Para(parts...)
	return bot.Reply{Doc: d, Found: true, Confidence: 1}
}

func chatOf(m bot.Message) store.Chat { return store.Chat{Platform: m.Platform, ID: m.ChatID} }

func (x *commands) subscribe(ctx context.Context, req bot.Request) bot.Reply {
	if r, ok := x.refuse(ctx, req.Msg); !ok {
		return r
	}
	chat := chatOf(req.Msg)
	at, zone := x.c.DefaultTime, x.c.DefaultZone
	if old, ok, err := x.c.Store.Subscription(ctx, chat); err != nil {
		return x.failure("subscribe", err)
	} else if ok {
		zone = old.Timezone // "/subscribe 07:00" keeps the zone already chosen
	}
	for _, arg := range strings.Fields(req.Args) {
		if _, _, err := schedule.ParseClock(arg); err == nil {
			at = normClock(arg)
			continue
		}
		if loc, err := loadZone(arg); err == nil {
			zone = loc.String()
			continue
		}
		return say(markup.T(fmt.Sprintf("I don't understand %q. Give a time as HH:MM (24-hour) and an IANA time zone, e.g. ", arg)),
			markup.C("/subscribe 08:30 Europe/Berlin"), markup.T("."))
	}
	loc, err := loadZone(zone)
	if err != nil {
		return x.failure("subscribe", err)
	}
	now := x.c.Now()
	sub := store.Subscription{Chat: chat, Time: at, Timezone: zone, CreatedBy: req.Msg.UserID, UpdatedAt: now}
	if err := x.c.Store.Subscribe(ctx, sub); err != nil {
		return x.failure("subscribe", err)
	}
	return say(markup.T("Subscribed: a digest every day at "), markup.B(at+" "+zone),
		markup.T(". The next one comes "+nextDigest(at, loc, now)+". "), markup.C("/unsubscribe"), markup.T(" stops it."))
}

func (x *commands) unsubscribe(ctx context.Context, req bot.Request) bot.Reply {
	if r, ok := x.refuse(ctx, req.Msg); !ok {
		return r
	}
	removed, err := x.c.Store.Unsubscribe(ctx, chatOf(req.Msg))
	if err != nil {
		return x.failure("unsubscribe", err)
	}
	if !removed {
		return say(markup.T("This chat has no digest subscription."))
	}
	return say(markup.T("Unsubscribed: no more daily digests here. "), markup.C("/subscribe"), markup.T(" brings them back."))
}

func (x *commands) settings(ctx context.Context, req bot.Request) bot.Reply {
	chat := chatOf(req.Msg)
	sub, ok, err := x.c.Store.Subscription(ctx, chat)
	if err != nil {
		return x.failure("settings", err)
	}
	if !ok {
		return say(markup.T("This chat has no digest subscription. "), markup.C("/subscribe [HH:MM] [TIMEZONE]"),
			markup.T(fmt.Sprintf(" starts one (default %s %s).", x.c.DefaultTime, x.c.DefaultZone)))
	}
	var d markup.Doc
	d.Heading("Digest settings")
	items := [][]markup.Span{{markup.T("Every day at "), markup.B(sub.Time + " " + sub.Timezone)}}
	if loc, err := loadZone(sub.Timezone); err == nil {
		items = append(items, []markup.Span{markup.T("Next digest: " + nextDigest(sub.Time, loc, x.c.Now()))})
	}
	if last, ok, err := x.c.Store.LastDigest(ctx, chat); err == nil && ok {
		items = append(items, []markup.Span{markup.T("Last digest: " + last.UTC().Format("2006-01-02 15:04 UTC"))})
	}
	if x.c.Digest.WhenNothingNew == digest.Archive {
		items = append(items, []markup.Span{markup.T("On days with nothing new: an item from the archive")})
	} else {
		items = append(items, []markup.Span{markup.T("On days with nothing new: no post")})
	}
	d.List(items...)
	if req.Msg.ChatKind != bot.Private {
		d.Para(markup.T("Only chat admins may change this."))
	}
	return bot.Reply{Doc: d, Found: true, Confidence: 1}
}

func (x *commands) digest(ctx context.Context, req bot.Request) bot.Reply {
	chat := chatOf(req.Msg)
	zone := x.c.DefaultZone
	if sub, ok, err := x.c.Store.Subscription(ctx, chat); err != nil {
		return x.failure("digest", err)
	} else if ok {
		zone = sub.Timezone
	}
	loc, err := loadZone(zone)
	if err != nil {
		return x.failure("digest", err)
	}
	now := x.c.Now()
	d, err := digest.ForChat(ctx, x.c.Store, req.KB, chat, now, loc, x.c.Digest)
	if err != nil {
		return x.failure("digest", err)
	}
	if d.Doc.Empty() {
		return say(markup.T("Nothing new since the last digest. Ask me anything about the reports, or try "), markup.C("/reports"), markup.T("."))
	}
	if d.ArchiveItem != "" {
		if err := x.c.Store.MarkArchiveShown(ctx, chat, d.ArchiveItem, now); err != nil {
			x.c.Log.Warn("digest command: archive item not recorded", "chat", chat.String(), "err", err)
		}
	}
	return bot.Reply{Doc: d.Doc, Found: true, Confidence: 1}
}

// refuse says whether m's sender may change the chat's subscription; when
// not, it returns the reply that explains why. Anyone may in a private
// chat; in groups and channels, chat admins and the configured bot admins.
func (x *commands) refuse(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	if m.ChatKind == bot.Private {
		return bot.Reply{}, true
	}
	// A broadcast channel's own posts carry no user: only its admins can
	// post as the channel.
	if m.ChatKind == bot.Channel && m.UserID == "" {
		return bot.Reply{}, true
	}
	if m.UserID != "" && (slices.Contains(x.c.BotAdmins, m.Platform+":"+m.UserID) || slices.Contains(x.c.BotAdmins, m.UserID)) {
		return bot.Reply{}, true
	}
	denied := say(markup.T("Only the chat's admins can change its digest subscription."))
	checker := x.c.Admins(m.Platform)
	if checker == nil || m.UserID == "" {
		return denied, false
	}
	ok, err := checker.IsChatAdmin(ctx, m.ChatID, m.UserID)
	if err != nil {
		x.c.Log.Warn("admin check failed", "platform", m.Platform, "chat", m.ChatID, "err", err)
		return say(markup.T("I couldn't check whether you are an admin of this chat; please try again later.")), false
	}
	if !ok {
		return denied, false
	}
	return bot.Reply{}, true
}

func (x *commands) failure(op string, err error) bot.Reply {
	x.c.Log.Error("digest command failed", "command", op, "err", err)
	return say(markup.T("Sorry, I couldn't do that just now; please try again later."))
}

// loadZone accepts IANA names only: "Local" would mean the server's zone,
// which a chat cannot know.
func loadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("%q is not an IANA time zone", name)
	}
	return time.LoadLocation(name)
}

func normClock(s string) string {
	hh, mm, _ := schedule.ParseClock(s)
	return fmt.Sprintf("%02d:%02d", hh, mm)
}

// nextDigest names the next time the digest is due, in the chat's zone. A
// subscription made after today's time starts tomorrow.
func nextDigest(at string, loc *time.Location, now time.Time) string {
	hh, mm, err := schedule.ParseClock(at)
	if err != nil {
		return "at the next scheduled time"
	}
	local := now.In(loc)
	next := time.Date(local.Year(), local.Month(), local.Day(), hh, mm, 0, 0, loc)
	if !next.After(now) {
		next = time.Date(local.Year(), local.Month(), local.Day()+1, hh, mm, 0, 0, loc)
	}
	if next.Format(time.DateOnly) == local.Format(time.DateOnly) {
		return "today at " + next.Format("15:04")
	}
	return next.Format("Monday 2 January at 15:04")
}

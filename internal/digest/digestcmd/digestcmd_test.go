package digestcmd

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/sqlite"
	"github.com/reportbot/reportbot/knowledge"
)

var ctx = context.Background()

type admins map[string]bool // "chat/user" → admin

func (a admins) IsChatAdmin(_ context.Context, chatID, userID string) (bool, error) {
	if chatID == "broken" {
		return false, errors.New("API down")
	}
	return a[chatID+"/"+userID], nil
}

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func setup(t *testing.T) (*bot.Bot, store.Store) {
	t.Helper()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	kb := &knowledge.KB{Reports: []*knowledge.Report{{
		ID: "r", Title: "Fresh meeting", Date: "2026-03-01", Added: now.Add(-time.Hour),
		Sentences: []knowledge.Sentence{{Text: "A key point."}},
	}}}
	b := bot.New(kb, bot.Options{})
	b.Register(Commands(Config{
		Store: st, DefaultTime: "09:00", DefaultZone: "UTC",
		Digest:    digest.Options{WhenNothingNew: digest.Skip},
		BotAdmins: []string{"telegram:owner", "U-any-platform"},
		Admins: func(p string) bot.AdminChecker {
			if p == "telegram" {
				return admins{"g1/alice": true, "g1/U-any-platform": false}
			}
			return nil
		},
		Now: func() time.Time { return now },
	})...)
	return b, st
}

func send(t *testing.T, b *bot.Bot, platform, chat string, kind bot.ChatKind, user, text string) string {
	t.Helper()
	r, ok := b.Handle(ctx, bot.Message{Platform: platform, ChatID: chat, ChatKind: kind, UserID: user, Text: text, Mentioned: true})
	if !ok {
		t.Fatalf("%s: no reply", text)
	}
	return markup.Plain(r.Doc)
}

func TestSubscribeDefaultsAndArgs(t *testing.T) {
	b, st := setup(t)
	chat := store.Chat{Platform: "telegram", ID: "p1"}
	out := send(t, b, "telegram", "p1", bot.Private, "u", "/subscribe")
	sub, ok, _ := st.Subscription(ctx, chat)
	if !ok || sub.Time != "09:00" || sub.Timezone != "UTC" || sub.CreatedBy != "u" || !sub.UpdatedAt.Equal(now) {
		t.Fatalf("default subscription: %+v %v", sub, ok)
	}
	// It is 10:00, past 09:00: the first digest is tomorrow.
	if !strings.Contains(out, "09:00 UTC") || !strings.Contains(out, "Tuesday 3 March at 09:00") {
		t.Fatalf("reply: %s", out)
	}
	send(t, b, "telegram", "p1", bot.Private, "u", "/subscribe Asia/Tokyo 7:05")
	if sub, _, _ = st.Subscription(ctx, chat); sub.Time != "07:05" || sub.Timezone != "Asia/Tokyo" {
		t.Fatalf("after args: %+v", sub)
	}
	// A time alone keeps the chosen zone.
	send(t, b, "telegram", "p1", bot.Private, "u", "/subscribe 18:30")
	if sub, _, _ = st.Subscription(ctx, chat); sub.Time != "18:30" || sub.Timezone != "Asia/Tokyo" {
		t.Fatalf("time only: %+v", sub)
	}
	for _, bad := range []string{"/subscribe 25:00", "/subscribe Mars/Olympus", "/subscribe Local", "/subscribe 9"} {
		out := send(t, b, "telegram", "p1", bot.Private, "u", bad)
		if !strings.Contains(out, "don't understand") {
			t.Errorf("%s: %s", bad, out)
		}
	}
	if sub, _, _ = st.Subscription(ctx, chat); sub.Time != "18:30" {
		t.Fatalf("a bad command changed the subscription: %+v", sub)
	}
	out = send(t, b, "telegram", "p1", bot.Private, "u", "/settings")
	if !strings.Contains(out, "18:30 Asia/Tokyo") || !strings.Contains(out, "Next digest") {
		t.Fatalf("settings: %s", out)
	}
	send(t, b, "telegram", "p1", bot.Private, "u", "/unsubscribe")
	if _, ok, _ := st.Subscription(ctx, chat); ok {
		t.Fatal("still subscribed")
	}
	if out := send(t, b, "telegram", "p1", bot.Private, "u", "/unsubscribe"); !strings.Contains(out, "no digest subscription") {
		t.Fatalf("second unsubscribe: %s", out)
	}
}

func TestGroupPermissions(t *testing.T) {
	b, st := setup(t)
	for _, tc := range []struct {
		platform, chat, user string
		allowed              bool
		kind                 bot.ChatKind
	}{
		{"telegram", "g1", "alice", true, bot.Group},       // chat admin
		{"telegram", "g1", "bob", false, bot.Group},        // member
		{"telegram", "g1", "owner", true, bot.Group},       // bot admin for telegram
		{"slack", "g1", "owner", false, bot.Group},         // that bot admin is telegram's only
		{"slack", "C1", "U-any-platform", true, bot.Group}, // bare ID: any platform
		{"slack", "C1", "carol", false, bot.Group},         // no admin check on this platform
		{"telegram", "broken", "alice", false, bot.Group},  // the check failed: refuse
		{"telegram", "g1", "", false, bot.Group},           // no sender in a group
		{"telegram", "ch", "", true, bot.Channel},          // a channel's own post: only its admins can post
		{"telegram", "ch", "bob", false, bot.Channel},
	} {
		chat := store.Chat{Platform: tc.platform, ID: tc.chat}
		st.Unsubscribe(ctx, chat)
		out := send(t, b, tc.platform, tc.chat, tc.kind, tc.user, "/subscribe 08:00")
		_, subscribed, _ := st.Subscription(ctx, chat)
		if subscribed != tc.allowed {
			t.Errorf("%+v: subscribed=%v; reply %q", tc, subscribed, out)
		}
	}
	// Members may read the settings and ask for the digest, not unsubscribe.
	send(t, b, "telegram", "g1", bot.Group, "alice", "/subscribe")
	if out := send(t, b, "telegram", "g1", bot.Group, "bob", "/settings"); !strings.Contains(out, "09:00 UTC") {
		t.Fatalf("settings for a member: %s", out)
	}
	if out := send(t, b, "telegram", "g1", bot.Channel, "bob", "/unsubscribe"); !strings.Contains(out, "Only the chat's admins") {
		t.Fatalf("member unsubscribe: %s", out)
	}
	if _, ok, _ := st.Subscription(ctx, store.Chat{Platform: "telegram", ID: "g1"}); !ok {
		t.Fatal("a member unsubscribed the group")
	}
}

func TestDigestOnDemand(t *testing.T) {
	b, _ := setup(t)
	out := send(t, b, "telegram", "g1", bot.Group, "bob", "/digest")
	if !strings.Contains(out, "Fresh meeting · 2026-03-01") {
		t.Fatalf("digest: %s", out)
	}
	for _, c := range b.Commands() {
		if c.Name == "digest" && c.Description == "" {
			t.Fatal("commands must describe themselves for /help")
		}
	}
}

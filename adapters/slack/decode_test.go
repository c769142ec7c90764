package slack

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reportbot/reportbot/bot"
)

func TestPlainText(t *testing.T) {
	for _, c := range []struct {
		in, want  string
		mentioned bool
	}{
		{"<@UBOT> who presided?", "who presided?", true},
		{"<@UBOT|reportbot>   /help", "/help", true},
		{"thanks <@UBOT>!", "thanks !", true},
		{"ask <@U123|ann> or <@U456>", "ask @ann or @U456", false},
		{"see <#C1|general> and <https://x.org/a?b&amp;c|the link> or <https://y.org>", "see #general and the link or https://y.org", false},
		{"<!here> A &amp; B &lt;3 &gt;", "@here A & B <3 >", false},
		{"line one\n\nline  two", "line one line two", false},
		{"<@UBOTX> not me", "@UBOTX not me", false},
		{"", "", false},
	} {
		got, m := plainText(c.in, testBotUser)
		if got != c.want || m != c.mentioned {
			t.Errorf("plainText(%q) = %q, %v; want %q, %v", c.in, got, m, c.want, c.mentioned)
		}
	}
}

func TestDecodeEventKinds(t *testing.T) {
	env, err := decodeEvent(mentionEvent("Ev1", "C1", "1.1", "hi"))
	if err != nil || env.EventID != "Ev1" || env.Event == nil || env.Event.Type != "app_mention" || env.Event.User != "U1" {
		t.Fatalf("app_mention: %+v %v", env, err)
	}
	env, err = decodeEvent(messageEvent("Ev2", "C1", "channel", "1.2", "", `,"subtype":"message_changed","message":{"type":"message","user":"U1","text":"<@UBOT> new"}`))
	if err != nil || env.Event == nil || env.Event.SubType != "message_changed" || env.Event.User != "" {
		t.Fatalf("message_changed must decode as an edit with no author: %+v %v", env.Event, err)
	}
	env, err = decodeEvent([]byte(`{"type":"event_callback","event_id":"Ev3","event":{"type":"reaction_added"}}`))
	if err != nil || env.Event != nil {
		t.Fatalf("unknown inner type: %+v %v", env, err)
	}
	if _, err := decodeEvent([]byte(`{"type":"event_callback","event_id":"Ev4","event":null}`)); !errors.Is(err, errMalformed) {
		t.Fatalf("null event: %v", err)
	}
}

func TestSlashDeliveryMapsPrefixedNames(t *testing.T) {
	a, _, _ := newPostRig(t, func(o *Options) {
		o.CommandPrefix = "report-"
		o.Commands = []bot.Command{{Name: "speakers"}, {Name: "who"}}
	})
	if got := strings.Join(a.SlashCommands(), " "); got != "/report-speakers /report-who" {
		t.Fatalf("SlashCommands %q", got)
	}
	c, err := decodeSlashJSON([]byte(`{"command":"/Report-Who","text":"  Ada   Lovelace ","channel_id":"D1","channel_name":"directmessage","user_id":"U1","trigger_id":"t1","response_url":"https://hooks.example/1"}`))
	if err != nil {
		t.Fatal(err)
	}
	d := a.slashDelivery(c)
	if d.msg.Text != "/who Ada Lovelace" || d.msg.ChatKind != bot.Private || !d.msg.Mentioned || d.key != "slack:cmd:t1" || d.to.responseURL != "https://hooks.example/1" {
		t.Fatalf("delivery %+v", d)
	}
}

// FuzzDecodeEvent feeds arbitrary bytes to the Events API decoder and the
// event-to-message mapping: no panics, and anything accepted is well formed.
func FuzzDecodeEvent(f *testing.F) {
	f.Add(mentionEvent("Ev1", "C1", "1.1", "who presided?"))
	f.Add(messageEvent("Ev2", "D1", "im", "1.2", "hi &amp; <@UBOT|x> <https://a|b>", ""))
	f.Add([]byte(`{"type":"url_verification","challenge":"c"}`))
	a := &Adapter{botUserID: testBotUser}
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := decodeEvent(data)
		if err != nil {
			if !errors.Is(err, errMalformed) {
				t.Fatalf("error %v is not marked malformed", err)
			}
			return
		}
		if env.Type == "" {
			t.Fatal("accepted an event without a type")
		}
		if env.Event != nil && env.EventID == "" {
			t.Fatal("accepted a callback without an event_id")
		}
		d, ok := a.eventDelivery(env)
		if !ok {
			return
		}
		if d.key != "slack:"+env.EventID || d.msg.ChatID == "" || d.msg.UserID == "" || d.msg.UserID == testBotUser {
			t.Fatalf("bad delivery %+v", d)
		}
		if d.msg.ChatKind != bot.Private && d.to.threadTS == "" {
			t.Fatal("a channel reply without a thread")
		}
		if utf8.ValidString(env.Event.Text) && !utf8.ValidString(d.msg.Text) {
			t.Fatal("plainText broke valid UTF-8")
		}
	})
}

// FuzzDecodeSlashForm does the same for form-encoded slash commands.
func FuzzDecodeSlashForm(f *testing.F) {
	f.Add([]byte("command=%2Fspeakers&text=&channel_id=C1&user_id=U1&trigger_id=t&response_url=https%3A%2F%2Fhooks.example%2F1"))
	f.Add([]byte("command=%2Freport-who&text=Ada+%26amp%3B+Bob&channel_id=D1&channel_name=directmessage&user_id=U1"))
	a := &Adapter{botUserID: testBotUser, prefix: "report-"}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeSlashForm(data)
		if err != nil {
			if !errors.Is(err, errMalformed) {
				t.Fatalf("error %v is not marked malformed", err)
			}
			return
		}
		d := a.slashDelivery(c)
		if !strings.HasPrefix(d.msg.Text, "/") || !d.msg.Mentioned || d.msg.ChatID == "" || d.msg.UserID == "" {
			t.Fatalf("bad delivery %+v", d)
		}
		if name, _, ok := bot.ParseCommand(d.msg.Text); ok && strings.ContainsAny(name, " \n") {
			t.Fatalf("command name %q", name)
		}
	})
}

// FuzzDecodeSlashJSON covers the Socket Mode form of slash commands.
func FuzzDecodeSlashJSON(f *testing.F) {
	f.Add([]byte(`{"command":"/ask","text":"who spoke?","channel_id":"C1","user_id":"U1","trigger_id":"t"}`))
	f.Add([]byte(`{"command":"/who","channel_id":"C1","user_id":"U1","is_enterprise_install":"maybe"}`))
	a := &Adapter{botUserID: testBotUser}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeSlashJSON(data)
		if err != nil {
			return
		}
		if d := a.slashDelivery(c); !strings.HasPrefix(d.msg.Text, "/") {
			t.Fatalf("bad delivery %+v", d)
		}
	})
}

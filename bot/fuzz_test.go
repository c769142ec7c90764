package bot_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// maxFuzzInput bounds one input: real messages are far shorter, and the
// limit keeps the fuzzer from spending its time on huge strings.
const maxFuzzInput = 64 << 10

// FuzzParseCommand: any text either is a command with a sane name or is
// not a command; never a panic.
func FuzzParseCommand(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > maxFuzzInput {
			t.Skip()
		}
		name, args, ok := bot.ParseCommand(text)
		if !ok {
			if name != "" || args != "" {
				t.Fatalf("not a command, yet name %q args %q", name, args)
			}
			return
		}
		if !strings.HasPrefix(text, "/") {
			t.Fatalf("%q parsed as a command without a slash", text)
		}
		if name == "" || strings.ContainsAny(name, " /\n\t") {
			t.Fatalf("%q gave command name %q", text, name)
		}
		if args != strings.TrimSpace(args) {
			t.Fatalf("%q gave untrimmed args %q", text, args)
		}
	})
}

// fuzzKB is the bundled knowledge base.
func fuzzKB(f *testing.F) *knowledge.KB {
	kb, err := knowledge.Open(knowledge.OpenOptions{})
	if err != nil {
		f.Fatalf("bundled knowledge base: %v", err)
	}
	return kb
}

// FuzzHandle runs whole messages through the core as every kind of chat:
// no panic, and any reply it gives has text and a confidence in [0, 1].
func FuzzHandle(f *testing.F) {
	b := bot.New(fuzzKB(f), bot.Options{MinConfidence: 0.35, AnswerUnprompted: true, MaxMessageLength: 2000})
	kinds := []bot.ChatKind{bot.Private, bot.Group, bot.Channel}
	f.Fuzz(func(t *testing.T, text string, kind uint8, mentioned bool) {
		if len(text) > maxFuzzInput {
			t.Skip()
		}
		m := bot.Message{Platform: "fuzz", ChatID: "c", UserID: "u", ChatKind: kinds[int(kind)%len(kinds)], Text: text, Mentioned: mentioned}
		r, ok := b.Handle(context.Background(), m)
		if !ok {
			if m.ChatKind == bot.Private && strings.TrimSpace(text) != "" && utf8.ValidString(text) {
				t.Fatalf("no reply to a private message %q", text)
			}
			return
		}
		if strings.TrimSpace(markup.Plain(r.Doc)) == "" {
			t.Fatalf("empty reply to %q", text)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Fatalf("confidence %v for %q", r.Confidence, text)
		}
	})
}

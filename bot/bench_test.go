package bot

import (
	"context"
	"testing"

	"github.com/reportbot/reportbot/knowledge"
)

// BenchmarkAsk measures answering on the bundled report, one question kind
// per sub-benchmark (go test -bench Ask ./bot).
func BenchmarkAsk(b *testing.B) {
	kb, err := knowledge.Open(knowledge.OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	bt := New(kb, Options{MinConfidence: 0.35})
	for _, c := range []struct{ name, q string }{
		{"presided", "Who presided over the meeting?"},
		{"role-typo", "federaton of industry and comerce chairman"},
		{"whois-typo", "who is liu zhongmn"},
		{"topic", "What did the report say about democratic supervision?"},
		{"out-of-scope", "What is the price of Bitcoin?"},
		{"speakers", "/speakers"},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			m := Message{ChatKind: Private, Text: c.q}
			for b.Loop() {
				bt.Handle(ctx, m)
			}
		})
	}
}

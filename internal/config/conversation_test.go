package config

import (
	"strings"
	"testing"
	"time"
)

func TestConversationSettings(t *testing.T) {
	c, ps := Check([]byte("conversation:\n  ttl: 2h\n  private_window: 10m\n  feedback_buttons: false\n"), func(string) string { return "" })
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if c.Conversation.TTL != 2*time.Hour || c.Conversation.PrivateWindow != 10*time.Minute || c.Conversation.FeedbackButtons {
		t.Fatalf("got %+v", c.Conversation)
	}
	if d := Default().Conversation; d.TTL != 30*time.Minute || !d.FeedbackButtons {
		t.Fatalf("defaults %+v", d)
	}
	for _, bad := range []string{
		"conversation:\n  ttl: 10s\n",
		"conversation:\n  ttl: 10m\n  private_window: 20m\n",
		"conversation:\n  feedback_buttons: maybe\n",
	} {
		if _, ps := Check([]byte(bad), func(string) string { return "" }); len(ps) == 0 || !strings.Contains(ps.Error(), "conversation.") {
			t.Errorf("%q: want a conversation.* problem, got %v", bad, ps)
		}
	}
}

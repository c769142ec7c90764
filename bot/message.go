package bot

import (
	"context"

	"github.com/reportbot/reportbot/bot/markup"
)

// ChatKind says what sort of conversation a message came from; group
// etiquette depends on it.
type ChatKind string

const (
	Private ChatKind = "private"
	Group   ChatKind = "group"
	Channel ChatKind = "channel"
)

// Message is one incoming message, already stripped of platform details.
type Message struct {
	Platform string   // "telegram", "slack", "console", …
	ChatID   string   // platform chat or channel ID
	ChatKind ChatKind // private, group or channel
	UserID   string
	UserName string
	Text     string // with the bot's @mention and /cmd@botname suffix removed
	// Mentioned is true when the bot was @mentioned or the message is a
	// slash command aimed at it; ReplyToBot when it replies to the bot.
	Mentioned  bool
	ReplyToBot bool
	ThreadID   string // forum topic or Slack thread; replies go there
	MessageID  string
	// Conversation tells apart the conversations in one chat that
	// follow-up questions continue: a Slack thread, a Telegram group
	// member's exchange with the bot. "" is the chat as a whole.
	Conversation string
	// InThread is true for a message posted in an existing thread: when the
	// bot has answered in that thread, the message is meant for it.
	InThread bool
	// Scope lists the tags the chat is scoped to: it sees only reports
	// carrying one of them. Empty: every report.
	Scope []string
}

// Addressed reports whether the message was clearly meant for the bot.
func (m Message) Addressed() bool {
	return m.ChatKind == Private || m.Mentioned || m.ReplyToBot
}

// Source is the evidence behind an answer.
type Source struct {
	Report   string `json:"report"`
	Sentence string `json:"sentence"`
}

// Reply is what the core answers. Doc is the neutral rich text each adapter
// renders; the other fields describe the answer for logs, metrics and `ask --json`.
type Reply struct {
	Doc        markup.Doc
	Found      bool     // false when the bot gave its fallback
	Confidence float64  // 0..1
	Sources    []Source // the report sentences that support the answer
	Command    string   // the command that produced it, "" for free text
	// Resolved is the question as answered when the conversation changed
	// its reading ("what did he say?" → "what did <name> say?"); "" when
	// it was answered as asked.
	Resolved string
	// People are the people the answer is about, in the order it names
	// them (empty for answers about no one): the referents of a follow-up
	// question's pronouns.
	People []string
	// AnswerID names a recorded answer people may vote on; adapters show
	// 👍/👎 buttons when it is set. "" means no buttons.
	AnswerID string
}

// Handler answers messages. ok is false when group etiquette says the bot
// should stay quiet.
type Handler interface {
	Handle(ctx context.Context, m Message) (r Reply, ok bool)
}

// Poster sends an unprompted message (a digest) to a chat. Adapters
// implement it; the digest scheduler uses it.
type Poster interface {
	Post(ctx context.Context, chatID string, doc markup.Doc) error
}

// AdminChecker tells whether a user may change a chat's settings, such as
// digest subscriptions. Adapters implement it with their platform's API.
type AdminChecker interface {
	IsChatAdmin(ctx context.Context, chatID, userID string) (bool, error)
}

// Vote is a 👍 (+1) or 👎 (-1) on a recorded answer, from a button press.
type Vote struct {
	Platform string
	ChatID   string
	UserID   string
	AnswerID string
	Value    int
}

// Voter records votes. ok is false when the answer is unknown (a forged
// or very old button).
type Voter interface {
	Vote(ctx context.Context, v Vote) (ok bool, err error)
}

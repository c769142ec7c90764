package store

import (
	"context"
	"time"
)

// ConversationKey names one conversation: a Slack thread, a Telegram
// reply chain or private chat, a console session. Thread is whatever the
// platform uses to tell conversations in one chat apart ("" for none).
type ConversationKey struct {
	Platform string
	Chat     string
	Thread   string
}

// Conversations holds what the last answer in a conversation was about, so
// a follow-up ("and when?", "what did he say?") can be read in its light,
// by whichever replica receives it. The state is opaque to the store: the
// core decides what it holds, so its shape can change without a migration.
type Conversations interface {
	// LoadConversation returns the state saved under k, unless it expired
	// at or before now.
	LoadConversation(ctx context.Context, k ConversationKey, now time.Time) (state []byte, ok bool, err error)
	// SaveConversation creates or replaces k's state until now+ttl.
	SaveConversation(ctx context.Context, k ConversationKey, state []byte, now time.Time, ttl time.Duration) error
	// PurgeConversations deletes the states expired at or before now.
	PurgeConversations(ctx context.Context, now time.Time) (int64, error)
}

// Answer is one free-text answer the bot gave, kept so that a vote on it
// can be shown with the question, the answer and the report behind it.
type Answer struct {
	ID       string // chosen by the caller, unique (a random token)
	Chat     Chat
	Question string
	Text     string // the answer as plain text
	Report   string // the report(s) the answer quoted, comma-separated; "" for none
	At       time.Time
}

// Vote is one user's verdict on one answer: +1 (helpful) or -1 (not).
type Vote struct {
	AnswerID string
	Platform string
	UserID   string
	Value    int
	At       time.Time
}

// VotedDown is one entry of the curator's list of answers people found
// unhelpful: answers grouped by question and answer text.
type VotedDown struct {
	Question string // as someone first wrote it
	Answer   string
	Report   string
	Down     int // users who voted it down
	Up       int // users who voted it up
	Last     time.Time
}

// Feedback records answers and the votes on them.
type Feedback interface {
	// RecordAnswer keeps a; recording the same ID again changes nothing.
	RecordAnswer(ctx context.Context, a Answer) error
	// Answer returns the recorded answer with that ID.
	Answer(ctx context.Context, id string) (Answer, bool, error)
	// CastVote records v, replacing the same user's earlier vote on the
	// same answer. It returns false when no answer has that ID.
	CastVote(ctx context.Context, v Vote) (bool, error)
	// VotedDown lists answers with at least one down vote cast at or
	// after since, grouped by normalised question and answer text, the
	// most voted down first. limit <= 0 means 20.
	VotedDown(ctx context.Context, since time.Time, limit int) ([]VotedDown, error)
	// Declined is MostAsked restricted to questions asked at or after
	// since, each with the reply the bot gave.
	Declined(ctx context.Context, since time.Time, limit int) ([]Asked, error)
}

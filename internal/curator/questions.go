package curator

import (
	"context"
	"time"

	"github.com/reportbot/reportbot/internal/store"
)

// QuestionKind says why a question is on the list.
type QuestionKind string

const (
	// Declined: the bot answered with its fallback.
	Declined QuestionKind = "declined"
	// VotedDown: someone voted the bot's answer down.
	VotedDown QuestionKind = "voted down"
)

// QuestionRow is one question to work on, grouped over everyone who asked
// it.
type QuestionRow struct {
	Text  string
	Kind  QuestionKind
	Count int // times asked (or voted down)
	Chats int // in how many chats
	Last  time.Time
	// Reply is the bot's reply at the time, when the source kept it; the
	// page also shows what the bot says now.
	Reply string
}

// Questions lists the questions asked since a moment (zero: all), most
// frequent first.
type Questions interface {
	Questions(ctx context.Context, since time.Time) ([]QuestionRow, error)
}

// maxQuestions bounds the list: a curator works from the top.
const maxQuestions = 100

// UnansweredLog lists the declined questions of the store's unanswered
// log, each with the reply the bot gave at the time.
type UnansweredLog struct {
	Log interface {
		Declined(ctx context.Context, since time.Time, limit int) ([]store.Asked, error)
	}
}

// Questions implements Questions.
func (u UnansweredLog) Questions(ctx context.Context, since time.Time) ([]QuestionRow, error) {
	asked, err := u.Log.Declined(ctx, since, maxQuestions)
	if err != nil {
		return nil, err
	}
	out := make([]QuestionRow, 0, len(asked))
	for _, a := range asked {
		out = append(out, QuestionRow{Text: a.Text, Kind: Declined, Count: a.Count, Chats: a.Chats, Last: a.Last, Reply: a.Reply})
	}
	return out, nil
}

// VoteLog lists the answers people voted down, counted by down votes.
type VoteLog struct {
	Log interface {
		VotedDown(ctx context.Context, since time.Time, limit int) ([]store.VotedDown, error)
	}
}

// Questions implements Questions.
func (v VoteLog) Questions(ctx context.Context, since time.Time) ([]QuestionRow, error) {
	down, err := v.Log.VotedDown(ctx, since, maxQuestions)
	if err != nil {
		return nil, err
	}
	out := make([]QuestionRow, 0, len(down))
	for _, d := range down {
		out = append(out, QuestionRow{Text: d.Question, Kind: VotedDown, Count: d.Down, Chats: 1, Last: d.Last, Reply: d.Answer})
	}
	return out, nil
}

// Merge lists the rows of several sources together, most frequent first.
type Merge []Questions

// Questions implements Questions.
func (m Merge) Questions(ctx context.Context, since time.Time) ([]QuestionRow, error) {
	var out []QuestionRow
	for _, q := range m {
		rows, err := q.Questions(ctx, since)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	sortRows(out)
	return out, nil
}

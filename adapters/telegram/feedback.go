package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/metrics"
)

// Feedback buttons: an inline keyboard under each free-text answer whose
// callback data names the vote and the recorded answer. Pressing one sends
// a callback_query, which is recorded and answered with answerCallbackQuery
// (Telegram shows the client a spinner until it is).

const votePrefix = "vote:"

// voteKeyboard is the reply_markup for an answer; "" when there is none.
func voteKeyboard(answerID string) string {
	if answerID == "" {
		return ""
	}
	kb := map[string]any{"inline_keyboard": [][]map[string]string{{
		{"text": "👍", "callback_data": votePrefix + "+1:" + answerID},
		{"text": "👎", "callback_data": votePrefix + "-1:" + answerID},
	}}}
	b, _ := json.Marshal(kb)
	return string(b)
}

// parseVoteData reads callback data written by voteKeyboard.
func parseVoteData(data string) (value int, answerID string, ok bool) {
	rest, ok := strings.CutPrefix(data, votePrefix)
	if !ok {
		return 0, "", false
	}
	v, id, ok := strings.Cut(rest, ":")
	if !ok || id == "" || len(id) > 64 {
		return 0, "", false
	}
	switch v {
	case "+1":
		return 1, id, true
	case "-1":
		return -1, id, true
	}
	return 0, "", false
}

type wireCallbackUpdate struct {
	UpdateID      int64 `json:"update_id"`
	CallbackQuery *struct {
		ID      string       `json:"id"`
		From    *wireUser    `json:"from"`
		Message *wireMessage `json:"message"`
		Data    string       `json:"data"`
	} `json:"callback_query"`
}

// callback is a decoded button press.
type callback struct {
	updateID int64
	queryID  string
	chatID   string
	vote     bot.Vote
	valid    bool // the data is one of our votes
}

// decodeCallback recognises a callback_query update; ok is false for every
// other update, which intake then decodes as a message.
func decodeCallback(raw []byte) (callback, bool) {
	if len(raw) > maxUpdateBytes {
		return callback{}, false
	}
	var u wireCallbackUpdate
	if json.Unmarshal(raw, &u) != nil || u.CallbackQuery == nil || u.CallbackQuery.ID == "" {
		return callback{}, false
	}
	q := u.CallbackQuery
	c := callback{updateID: u.UpdateID, queryID: q.ID}
	if q.From == nil {
		return c, true
	}
	if q.Message != nil {
		c.chatID = strconv.FormatInt(q.Message.Chat.ID, 10)
	}
	value, id, ok := parseVoteData(q.Data)
	c.valid = ok
	c.vote = bot.Vote{Platform: platform, ChatID: c.chatID, UserID: strconv.FormatInt(q.From.ID, 10), AnswerID: id, Value: value}
	return c, true
}

// intakeCallback deduplicates a button press and queues it behind the
// chat's other work.
func (a *Adapter) intakeCallback(ctx context.Context, disp *dispatcher, c callback, done func()) error {
	key := fmt.Sprintf("telegram:%d:%d", a.me.ID, c.updateID)
	if first, err := a.opts.Dedupe.First(ctx, key); err == nil && !first {
		metrics.Duplicates.WithLabelValues(platform).Inc()
		done()
		return nil
	}
	chat := c.chatID
	if chat == "" {
		chat = "callback:" + c.vote.UserID
	}
	err := disp.submit(job{chat: chat, run: func(ctx context.Context) {
		defer done()
		a.answerVote(ctx, c)
	}})
	if err != nil {
		done()
	}
	return err
}

// answerVote records the vote and always answers the query, so the
// client's spinner stops whatever happened.
func (a *Adapter) answerVote(ctx context.Context, c callback) {
	text := "Thanks for the feedback."
	switch {
	case a.opts.Voter == nil || !c.valid:
		text = "This button no longer works."
	default:
		ok, err := a.opts.Voter.Vote(ctx, c.vote)
		switch {
		case err != nil:
			a.log.Warn("telegram: vote not recorded", "chat", c.chatID, "err", err)
			text = "Sorry, your vote was not recorded. Please try again."
		case !ok:
			text = "That answer is too old to vote on."
		case c.vote.Value > 0:
			text = "Thanks! Glad it helped. 👍"
		default:
			text = "Thanks. The curators will look at this answer. 👎"
		}
	}
	cfg := tgbotapi.NewCallback(c.queryID, text)
	if _, err := a.api.request(ctx, "answerCallbackQuery", cfg); err != nil {
		a.log.Warn("telegram: answerCallbackQuery failed", "err", err)
	}
}

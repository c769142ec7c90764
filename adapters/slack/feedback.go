package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/slack-go/slack"

	"github.com/reportbot/reportbot/bot"
)

// Feedback buttons: an actions block under each free-text answer, its two
// buttons carrying the recorded answer's ID. A press arrives as a
// block_actions interaction, over the interactivity endpoint in HTTP mode
// (signed like events) or over the socket; it is acknowledged at once, then
// recorded in the pipeline like any other delivery, and the voter gets an
// ephemeral thank-you through the interaction's response_url.

const (
	voteBlockID  = "reportbot_vote"
	actionUp     = "reportbot_vote_up"
	actionDown   = "reportbot_vote_down"
	maxAnswerID  = 64
	voteUpText   = "👍"
	voteDownText = "👎"
)

// withVoteButtons adds the buttons to the last message of an answer.
func withVoteButtons(out []outMsg, answerID string) []outMsg {
	if answerID == "" || len(out) == 0 {
		return out
	}
	up := slack.NewButtonBlockElement(actionUp, answerID, slack.NewTextBlockObject(slack.PlainTextType, voteUpText, true, false))
	down := slack.NewButtonBlockElement(actionDown, answerID, slack.NewTextBlockObject(slack.PlainTextType, voteDownText, true, false))
	block := slack.NewActionBlock(voteBlockID, up, down)
	last := &out[len(out)-1]
	if len(last.Blocks) >= maxBlocks {
		return append(out, outMsg{Blocks: []slack.Block{block}, Text: "Was this answer helpful?"})
	}
	last.Blocks = append(append([]slack.Block(nil), last.Blocks...), block)
	return out
}

// voteDelivery turns an interaction payload (JSON) into a delivery, or
// reports false when it holds no press of our buttons.
func voteDelivery(payload []byte) (delivery, bool, error) {
	if len(payload) > maxBody {
		return delivery{}, false, fmt.Errorf("%w: interaction of %d bytes", errMalformed, len(payload))
	}
	var ic slack.InteractionCallback
	if err := json.Unmarshal(payload, &ic); err != nil {
		return delivery{}, false, fmt.Errorf("%w: interaction: %v", errMalformed, err)
	}
	if ic.Type != slack.InteractionTypeBlockActions || ic.User.ID == "" {
		return delivery{}, false, nil
	}
	for _, act := range ic.ActionCallback.BlockActions {
		if act == nil || act.BlockID != voteBlockID || act.Value == "" || len(act.Value) > maxAnswerID {
			continue
		}
		v := 0
		switch act.ActionID {
		case actionUp:
			v = 1
		case actionDown:
			v = -1
		default:
			continue
		}
		channel := ic.Channel.ID
		if channel == "" {
			channel = ic.Container.ChannelID
		}
		vote := bot.Vote{Platform: "slack", ChatID: channel, UserID: ic.User.ID, AnswerID: act.Value, Value: v}
		// Keyed by channel, so it waits behind that channel's answers.
		return delivery{
			msg:  bot.Message{Platform: "slack", ChatID: channel, UserID: ic.User.ID},
			to:   target{channel: channel, responseURL: ic.ResponseURL},
			vote: &vote,
		}, true, nil
	}
	return delivery{}, false, nil
}

// interactionPayload reads the payload field of a form-encoded HTTP
// interaction; ok is false for other forms (slash commands).
func interactionPayload(body []byte) ([]byte, bool) {
	v, err := url.ParseQuery(string(body))
	if err != nil || !v.Has("payload") {
		return nil, false
	}
	return []byte(v.Get("payload")), true
}

// recordVote runs on a worker: record, then thank the voter privately.
func (a *Adapter) recordVote(ctx context.Context, d delivery) {
	text := "Thanks for the feedback."
	if a.opt.Voter == nil {
		text = "Feedback is turned off."
	} else {
		ok, err := a.opt.Voter.Vote(ctx, *d.vote)
		switch {
		case err != nil:
			a.log.Warn("slack: vote not recorded", "chat", d.vote.ChatID, "err", err)
			text = "Sorry, your vote was not recorded. Please try again."
		case !ok:
			text = "That answer is too old to vote on."
		case d.vote.Value > 0:
			text = "Thanks! Glad it helped. 👍"
		default:
			text = "Thanks. The curators will look at this answer. 👎"
		}
	}
	if d.to.responseURL == "" {
		return
	}
	err := slack.PostWebhookCustomHTTPContext(ctx, d.to.responseURL, a.opt.HTTPClient, &slack.WebhookMessage{
		ResponseType: slack.ResponseTypeEphemeral, Text: text, ReplaceOriginal: false,
	})
	if err != nil {
		a.log.Warn("slack: vote acknowledgement not sent", "err", err)
	}
}

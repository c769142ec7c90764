package slack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody bounds what we read and decode from one delivery; Slack's own
// payloads are a few kilobytes.
const maxBody = 1 << 20

// errMalformed marks a delivery we cannot understand: HTTP answers 400.
var errMalformed = errors.New("malformed Slack payload")

// eventEnvelope is a decoded Events API body (HTTP) or events_api payload
// (Socket Mode). Only the fields the adapter uses are kept.
type eventEnvelope struct {
	Type      string // url_verification, event_callback, …
	Challenge string // url_verification only
	EventID   string
	Event     *innerEvent // nil when the inner event is one we ignore
}

// innerEvent is an app_mention or message event.
type innerEvent struct {
	Type         string // "app_mention" or "message"
	SubType      string
	Channel      string
	ChannelType  string // im, channel, group, mpim; absent on app_mention
	User         string
	BotID        string
	Text         string
	TS           string
	ThreadTS     string
	ParentUserID string      // author of the thread's first message
	Files        []eventFile // files shared with the message (file_share, or a mention with files)
}

// decodeEvent parses an Events API outer event. It fails only when the body
// is not a well-formed event; event types we do not handle decode to an
// envelope with a nil Event.
func decodeEvent(body []byte) (eventEnvelope, error) {
	if len(body) > maxBody {
		return eventEnvelope{}, fmt.Errorf("%w: body of %d bytes", errMalformed, len(body))
	}
	var outer struct {
		Type      string          `json:"type"`
		Challenge string          `json:"challenge"`
		EventID   string          `json:"event_id"`
		Event     json.RawMessage `json:"event"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		return eventEnvelope{}, fmt.Errorf("%w: %v", errMalformed, err)
	}
	env := eventEnvelope{Type: outer.Type, Challenge: outer.Challenge, EventID: outer.EventID}
	switch outer.Type {
	case "":
		return env, fmt.Errorf("%w: no type", errMalformed)
	case slackevents.URLVerification:
		if outer.Challenge == "" {
			return env, fmt.Errorf("%w: url_verification without a challenge", errMalformed)
		}
		return env, nil
	case slackevents.CallbackEvent:
	default:
		return env, nil // app_rate_limited and future types: acknowledged, not processed
	}
	if outer.EventID == "" || len(outer.Event) == 0 || string(outer.Event) == "null" {
		return env, fmt.Errorf("%w: event_callback without event_id or event", errMalformed)
	}
	var head struct {
		Type         string      `json:"type"`
		ParentUserID string      `json:"parent_user_id"`
		Files        []eventFile `json:"files"`
	}
	if err := json.Unmarshal(outer.Event, &head); err != nil {
		return env, fmt.Errorf("%w: event: %v", errMalformed, err)
	}
	switch slackevents.EventsAPIType(head.Type) {
	case slackevents.AppMention:
		var e slackevents.AppMentionEvent
		if err := json.Unmarshal(outer.Event, &e); err != nil {
			return env, fmt.Errorf("%w: app_mention: %v", errMalformed, err)
		}
		env.Event = &innerEvent{Type: head.Type, Channel: e.Channel, User: e.User, BotID: e.BotID,
			Text: e.Text, TS: e.TimeStamp, ThreadTS: e.ThreadTimeStamp, ParentUserID: head.ParentUserID, Files: head.Files}
		if e.Edited != nil {
			env.Event.SubType = "message_changed" // a mention added by an edit was answered, or ignored, before
		}
	case slackevents.Message:
		var e slackevents.MessageEvent
		if err := json.Unmarshal(outer.Event, &e); err != nil {
			return env, fmt.Errorf("%w: message: %v", errMalformed, err)
		}
		env.Event = &innerEvent{Type: head.Type, SubType: e.SubType, Channel: e.Channel, ChannelType: e.ChannelType,
			User: e.User, BotID: e.BotID, Text: e.Text, TS: e.TimeStamp, ThreadTS: e.ThreadTimeStamp,
			ParentUserID: head.ParentUserID, Files: head.Files}
		if e.SubType == fileShare && len(head.Files) > 0 {
			// A file sent with a message: the message is new, and its text
			// is the file's comment.
			env.Event.SubType = ""
		} else if e.SubType != "" {
			// message_changed and friends keep the message nested; none is a new question.
			env.Event.User, env.Event.Text = "", ""
		}
	}
	return env, nil
}

// decodeSlashForm parses a slash command as Slack posts it over HTTP
// (application/x-www-form-urlencoded).
func decodeSlashForm(body []byte) (slack.SlashCommand, error) {
	if len(body) > maxBody {
		return slack.SlashCommand{}, fmt.Errorf("%w: body of %d bytes", errMalformed, len(body))
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return slack.SlashCommand{}, fmt.Errorf("%w: %v", errMalformed, err)
	}
	c := slack.SlashCommand{
		TeamID: v.Get("team_id"), TeamDomain: v.Get("team_domain"),
		ChannelID: v.Get("channel_id"), ChannelName: v.Get("channel_name"),
		UserID: v.Get("user_id"), UserName: v.Get("user_name"),
		Command: v.Get("command"), Text: v.Get("text"),
		ResponseURL: v.Get("response_url"), TriggerID: v.Get("trigger_id"), APIAppID: v.Get("api_app_id"),
	}
	return c, validSlash(c)
}

// decodeSlashJSON parses a slash command as Socket Mode delivers it.
func decodeSlashJSON(payload []byte) (slack.SlashCommand, error) {
	if len(payload) > maxBody {
		return slack.SlashCommand{}, fmt.Errorf("%w: payload of %d bytes", errMalformed, len(payload))
	}
	var c slack.SlashCommand
	if err := json.Unmarshal(payload, &c); err != nil {
		return c, fmt.Errorf("%w: %v", errMalformed, err)
	}
	return c, validSlash(c)
}

func validSlash(c slack.SlashCommand) error {
	if len(c.Command) < 2 || c.Command[0] != '/' || strings.ContainsAny(c.Command, " \n\t") {
		return fmt.Errorf("%w: bad command name", errMalformed)
	}
	if c.ChannelID == "" || c.UserID == "" {
		return fmt.Errorf("%w: slash command without channel or user", errMalformed)
	}
	return nil
}

// slackRef matches Slack's <…> references: <@U123>, <@U123|name>,
// <#C123|chan>, <!here>, <https://x|label>.
var slackRef = regexp.MustCompile(`<([^<>]*)>`)

var unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// plainText turns Slack message text into what the core reads: the bot's own
// mention removed (reporting whether it was there), other references shown
// by their label, and Slack's escapes undone.
func plainText(s, botUserID string) (text string, mentioned bool) {
	s = slackRef.ReplaceAllStringFunc(s, func(ref string) string {
		inner := ref[1 : len(ref)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case botUserID != "" && target == "@"+botUserID:
			mentioned = true
			return " "
		case strings.HasPrefix(target, "@"):
			if hasLabel {
				return "@" + label
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"):
			if hasLabel {
				return label
			}
			return "@" + strings.TrimPrefix(target, "!")
		case hasLabel:
			return label
		default:
			return target
		}
	})
	return strings.Join(strings.Fields(unescaper.Replace(s)), " "), mentioned
}

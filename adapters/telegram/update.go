package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/bot"
)

// maxUpdateBytes bounds one decoded update. Telegram's own updates are far
// smaller (a message is at most 4096 characters); anything larger is not
// from Telegram and is refused before any parsing work.
const maxUpdateBytes = 1 << 20

// errTooLarge marks an update body over maxUpdateBytes.
var errTooLarge = errors.New("update too large")

// identity is who the bot is, from getMe; normalising needs it to recognise
// /cmd@ThisBot, @ThisBot mentions and replies to the bot's own messages.
type identity struct {
	ID       int64
	Username string // without the @
}

// The wire types hold only the fields the adapter reads. The library's
// v5.5.1 types predate forum topics (no message_thread_id), so updates are
// decoded here and the library is used for transport and API errors.
type wireUpdate struct {
	UpdateID          int64        `json:"update_id"`
	Message           *wireMessage `json:"message"`
	EditedMessage     *wireMessage `json:"edited_message"`
	ChannelPost       *wireMessage `json:"channel_post"`
	EditedChannelPost *wireMessage `json:"edited_channel_post"`
}

type wireMessage struct {
	MessageID       int64        `json:"message_id"`
	MessageThreadID int64        `json:"message_thread_id"`
	IsTopicMessage  bool         `json:"is_topic_message"`
	From            *wireUser    `json:"from"`
	SenderChat      *wireChat    `json:"sender_chat"`
	Chat            wireChat     `json:"chat"`
	Text            string       `json:"text"`
	ReplyTo         *wireMessage `json:"reply_to_message"`
}

type wireUser struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Username  string `json:"username"`
}

type wireChat struct {
	ID   int64  `json:"id"`
	Type string `json:"type"`
}

// decodeUpdate turns one update's JSON into the core's Message. ok is false
// for updates the bot ignores on purpose (edits, stickers, photos, service
// messages, other bots, commands for other bots); err is set only when the
// bytes are not an update at all.
func decodeUpdate(data []byte, me identity) (updateID int64, m bot.Message, ok bool, err error) {
	if len(data) > maxUpdateBytes {
		return 0, bot.Message{}, false, errTooLarge
	}
	var u wireUpdate
	if err := json.Unmarshal(data, &u); err != nil {
		return 0, bot.Message{}, false, fmt.Errorf("decode update: %w", err)
	}
	m, ok = normalize(u, me)
	return u.UpdateID, m, ok, nil
}

// normalize applies the group rules: commands for other bots are dropped,
// our @mention and /cmd@ThisBot suffix are removed, and Mentioned and
// ReplyToBot say how the message reached us. Whether to answer is the
// core's decision.
func normalize(u wireUpdate, me identity) (bot.Message, bool) {
	msg := u.Message
	if msg == nil {
		msg = u.ChannelPost
	}
	// Edited messages were answered (or not) in their first version;
	// answering again would repeat ourselves.
	if msg == nil || msg.Text == "" {
		return bot.Message{}, false
	}
	kind, ok := chatKind(msg.Chat.Type)
	if !ok {
		return bot.Message{}, false
	}
	// Other bots (and our own echoes) are never answered: two bots can
	// otherwise talk to each other forever. Anonymous group admins and
	// posts on behalf of a channel come "from" Telegram's service bots but
	// carry sender_chat; those are people.
	if msg.From != nil && msg.SenderChat == nil && (msg.From.IsBot || msg.From.ID == me.ID) {
		return bot.Message{}, false
	}
	m := bot.Message{
		Platform:  "telegram",
		ChatID:    strconv.FormatInt(msg.Chat.ID, 10),
		ChatKind:  kind,
		MessageID: strconv.FormatInt(msg.MessageID, 10),
	}
	switch {
	case msg.SenderChat != nil:
		m.UserID = strconv.FormatInt(msg.SenderChat.ID, 10)
	case msg.From != nil:
		m.UserID = strconv.FormatInt(msg.From.ID, 10)
		m.UserName = displayName(msg.From)
	}
	// Only forum topics get a thread ID: in ordinary supergroups
	// message_thread_id names a reply chain, and sending into it fails.
	if msg.IsTopicMessage && msg.MessageThreadID != 0 {
		m.ThreadID = strconv.FormatInt(msg.MessageThreadID, 10)
	}
	if r := msg.ReplyTo; r != nil && r.From != nil && me.ID != 0 && r.From.ID == me.ID {
		m.ReplyToBot = true
	}
	// Follow-ups: a private chat is one conversation; in a group each
	// member's exchange with the bot (per forum topic) is its own, carried
	// on by replying to the bot.
	if kind != bot.Private {
		m.Conversation = m.ThreadID + "/" + m.UserID
	}

	text := strings.TrimSpace(msg.Text)
	if strings.HasPrefix(text, "/") {
		cmd, ok := stripCommandTarget(text, me.Username)
		if !ok {
			return bot.Message{}, false
		}
		m.Text, m.Mentioned = cmd, true
		return m, true
	}
	if stripped, found := stripMention(text, me.Username); found {
		text, m.Mentioned = stripped, true
		// "@ThisBot /help" is the same as "/help".
		if strings.HasPrefix(text, "/") {
			cmd, ok := stripCommandTarget(text, me.Username)
			if !ok {
				return bot.Message{}, false
			}
			text = cmd
		}
	}
	if text == "" {
		return bot.Message{}, false
	}
	m.Text = text
	return m, true
}

func chatKind(t string) (bot.ChatKind, bool) {
	switch t {
	case "private":
		return bot.Private, true
	case "group", "supergroup":
		return bot.Group, true
	case "channel":
		return bot.Channel, true
	}
	return "", false
}

func displayName(u *wireUser) string {
	if u.Username != "" {
		return u.Username
	}
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// stripCommandTarget turns "/cmd@ThisBot args" into "/cmd args". ok is
// false when the command names another bot: in a group every bot sees it,
// and only the named one should answer.
func stripCommandTarget(text, username string) (string, bool) {
	end := strings.IndexFunc(text, unicode.IsSpace)
	if end < 0 {
		end = len(text)
	}
	head, rest := text[:end], text[end:]
	name, target, hasTarget := strings.Cut(head, "@")
	if !hasTarget {
		return text, true
	}
	if username == "" || !asciiEqualFold(target, username) {
		return "", false
	}
	return name + rest, true
}

// stripMention removes every "@username" that stands as its own word and
// tidies the spaces left behind.
func stripMention(text, username string) (string, bool) {
	if username == "" {
		return text, false
	}
	needle := "@" + username
	var b strings.Builder
	found := false
	i := 0
	for i < len(text) {
		j := indexFold(text[i:], needle)
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(needle)
		if isWordBoundary(text, start, end) {
			b.WriteString(text[i:start])
			found = true
		} else {
			b.WriteString(text[i:end])
		}
		i = end
	}
	if !found {
		return text, false
	}
	b.WriteString(text[i:])
	out := strings.Join(strings.Fields(b.String()), " ")
	// A mention at the start is often followed by "," or ":".
	out = strings.TrimLeft(out, ",:; ")
	return out, true
}

// indexFold is strings.Index ignoring ASCII case (usernames are ASCII).
func indexFold(s, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if asciiEqualFold(s[i:i+n], sub) {
			return i
		}
	}
	return -1
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func isWordBoundary(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if isUsernameRune(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if isUsernameRune(r) {
			return false
		}
	}
	return true
}

func isUsernameRune(r rune) bool {
	return r == '_' || r == '@' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

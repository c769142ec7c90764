package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/formats"
)

// ChatConfig wires the chat side: files sent to the bot, /add, /remove and
// /scope.
type ChatConfig struct {
	Library *Library
	Scopes  *Scopes
	// Admins may add and remove reports: "platform:userID", or a bare user
	// ID for any platform. Nobody else may, not even chat admins: a report
	// reaches every unscoped chat.
	Admins []string
	// ChatAdmins finds the platform's chat-admin check, for /scope in
	// groups; nil when the platform has none.
	ChatAdmins func(platform string) bot.AdminChecker
	Log        *slog.Logger
}

// Chat answers files and the report commands.
type Chat struct{ c ChatConfig }

// NewChat returns the chat side.
func NewChat(c ChatConfig) *Chat {
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.ChatAdmins == nil {
		c.ChatAdmins = func(string) bot.AdminChecker { return nil }
	}
	return &Chat{c}
}

var _ bot.FileHandler = (*Chat)(nil)

func say(ss ...markup.Span) bot.Reply {
	var d markup.Doc
	d.Para(ss...)
	return bot.Reply{Doc: d, Found: true, Confidence: 1}
}

func refusal(ss ...markup.Span) bot.Reply {
	r := say(ss...)
	r.Found = false
	return r
}

// IsAdmin reports whether the sender may add and remove reports.
func (x *Chat) IsAdmin(m bot.Message) bool {
	return m.UserID != "" && (slices.Contains(x.c.Admins, m.Platform+":"+m.UserID) || slices.Contains(x.c.Admins, m.UserID))
}

// HandleFile implements bot.FileHandler: an admin's file becomes a
// report; anyone else, or a file that does not read, gets the reason and
// nothing changes.
func (x *Chat) HandleFile(ctx context.Context, m bot.Message, f bot.File) bot.Reply {
	if !x.IsAdmin(m) {
		return refusal(markup.T("Thanks — but only the bot's admins can add reports. Ask one of them to add this file."))
	}
	tags, err := captionTags(m.Text)
	if err != nil {
		return refusal(markup.T("I didn't add " + f.Name + ": " + err.Error() + "."))
	}
	f.Name = withExtension(f.Name, f.MIME)
	max := x.c.Library.c.MaxSize
	if f.Size > max {
		return refusal(markup.T(fmt.Sprintf("I didn't add %s: it is %s, and the limit is %s.", f.Name, Size(f.Size), Size(max))))
	}
	if !formats.Supported(f.Name) {
		return refusal(markup.T("I didn't add " + f.Name + ": I read reports as " + strings.Join(formats.Extensions(), ", ") + " files."))
	}
	data, err := f.Fetch(ctx, max)
	if err != nil {
		x.c.Log.Warn("report upload: download failed", "platform", m.Platform, "file", f.Name, "err", err)
		if errors.Is(err, ErrTooLarge) || errors.Is(err, bot.ErrFileTooLarge) {
			return refusal(markup.T(fmt.Sprintf("I didn't add %s: it is larger than the limit of %s.", f.Name, Size(max))))
		}
		return refusal(markup.T("I couldn't download " + f.Name + "; please send it again."))
	}
	r, err := x.c.Library.Add(ctx, File{Name: f.Name, Data: data, Tags: tags, By: m.Platform + ":" + m.UserID})
	if err != nil {
		if isReason(err) {
			return refusal(markup.T("I didn't add " + f.Name + ": " + err.Error() + "."))
		}
		x.c.Log.Error("report upload failed", "file", f.Name, "err", err)
		return refusal(markup.T("Sorry, I couldn't store " + f.Name + " just now; please try again later."))
	}
	x.c.Log.Info("report uploaded", "id", r.ID, "platform", m.Platform, "user", m.UserID)
	return Understood(r)
}

// isReason tells an error about the file (said to the sender) from one of
// the bot's own (logged, and the sender told to retry).
func isReason(err error) bool {
	for _, e := range []error{ErrTooLarge, ErrNotReport, formats.ErrUnsupported, formats.ErrNoText, formats.ErrEncrypted, formats.ErrCorrupt, knowledge.ErrEmpty, knowledge.ErrBinary, knowledge.ErrTooLarge} {
		if errors.Is(err, e) {
			return true
		}
	}
	var fe *knowledge.FileError
	return errors.As(err, &fe) || strings.HasPrefix(err.Error(), "front matter") || strings.HasPrefix(err.Error(), "bad date")
}

// captionTags reads "/add TAG…" (or bare tags) from a file's caption.
func captionTags(caption string) ([]string, error) {
	caption = strings.TrimSpace(caption)
	if name, args, ok := bot.ParseCommand(caption); ok {
		if name != "add" {
			return nil, fmt.Errorf("send the file with /add TAG as its caption, or with no caption")
		}
		caption = args
	} else if caption != "" {
		return nil, nil // a comment, not tags
	}
	var tags []string
	for _, t := range strings.FieldsFunc(caption, func(r rune) bool { return r == ',' || r == ' ' }) {
		if err := CheckTag(t); err != nil {
			return nil, err
		}
		tags = append(tags, formats.NormalizeTag(t))
	}
	return tags, nil
}

// Understood is the reply to an added report: what the bot understood
// (headline, date, who presided, how many spoke), how to ask more, and
// how to undo.
func Understood(r *knowledge.Report) bot.Reply {
	var d markup.Doc
	d.Para(markup.T("Added "), markup.B(r.Title), markup.T("."))
	var facts [][]markup.Span
	date := r.Date
	if r.Event.Date != "" {
		date = r.Event.Date
	}
	if date != "" {
		facts = append(facts, []markup.Span{markup.T("Date: " + date)})
	} else {
		facts = append(facts, []markup.Span{markup.T("Date: not stated")})
	}
	var presided []string
	spoke := 0
	for _, p := range r.People {
		did := map[knowledge.ActionKind]bool{}
		for _, a := range p.Actions {
			did[a.Kind] = true
		}
		if did[knowledge.Presided] {
			presided = append(presided, p.Name)
		}
		if did[knowledge.Spoke] {
			spoke++
		}
	}
	if len(presided) > 0 {
		facts = append(facts, []markup.Span{markup.T("Presided: " + strings.Join(presided, ", "))})
	} else {
		facts = append(facts, []markup.Span{markup.T("Presided: not stated")})
	}
	facts = append(facts, []markup.Span{markup.T(fmt.Sprintf("Spoke: %d %s", spoke, plural(spoke, "person", "people")))})
	if len(r.Tags) > 0 {
		facts = append(facts, []markup.Span{markup.T("Tags: " + strings.Join(r.Tags, ", "))})
	}
	d.List(facts...)
	d.Para(markup.T("Ask more: "), markup.C("/speakers "+r.ID), markup.T(", "), markup.C("/who NAME"),
		markup.T(", "), markup.C("/when"), markup.T(", "), markup.C("/summary"), markup.T(", or just ask a question."))
	d.Para(markup.T("To undo: "), markup.C("/remove "+r.ID))
	return bot.Reply{Doc: d, Found: true, Confidence: 1, Command: "add"}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Commands are /add (how to), /remove and /scope.
func (x *Chat) Commands() []bot.Command {
	return []bot.Command{
		{Name: "add", Args: "[TAG…]", Description: "Add a report: send the file with this as its caption (bot admins)",
			Examples: []string{"/add finance"}, Run: x.add},
		{Name: "remove", Args: "ID", Description: "Remove a report added from chat (bot admins)", Run: x.remove},
		{Name: "scope", Args: "[TAG…|all]", Description: "Show or set the tags of the reports this chat sees",
			Examples: []string{"/scope finance", "/scope all"}, Run: x.scope},
	}
}

func (x *Chat) add(ctx context.Context, req bot.Request) bot.Reply {
	return say(markup.T("To add a report, send me the file ("+strings.Join(formats.Extensions(), ", ")+") with "),
		markup.C("/add TAG"), markup.T(" or no caption. Only the bot's admins can add reports."))
}

func (x *Chat) remove(ctx context.Context, req bot.Request) bot.Reply {
	if !x.IsAdmin(req.Msg) {
		return refusal(markup.T("Only the bot's admins can remove reports."))
	}
	id := strings.TrimSpace(req.Args)
	if id == "" {
		return refusal(markup.T("Which one? "), markup.C("/remove ID"), markup.T(" — the ID is in my reply to the upload."))
	}
	ok, err := x.c.Library.Remove(ctx, id)
	if err != nil {
		x.c.Log.Error("remove report failed", "id", id, "err", err)
		return refusal(markup.T("Sorry, I couldn't remove it just now; please try again later."))
	}
	if !ok {
		return refusal(markup.T("No report added from chat has the ID "), markup.C(id), markup.T(". Reports in the server's folders are removed there."))
	}
	return say(markup.T("Removed "), markup.C(id), markup.T("."))
}

func (x *Chat) scope(ctx context.Context, req bot.Request) bot.Reply {
	m := req.Msg
	chat := store.Chat{Platform: m.Platform, ID: m.ChatID}
	args := strings.Fields(strings.ReplaceAll(req.Args, ",", " "))
	if len(args) == 0 {
		tags, err := x.c.Scopes.Tags(ctx, chat)
		if err != nil {
			x.c.Log.Error("scope lookup failed", "chat", chat.String(), "err", err)
			return refusal(markup.T("Sorry, I couldn't look that up just now."))
		}
		if len(tags) == 0 {
			return say(markup.T("This chat sees every report. "), markup.C("/scope TAG"), markup.T(" narrows it."))
		}
		return say(markup.T("This chat sees the reports tagged " + strings.Join(tags, ", ") + "."))
	}
	if ok, why := x.mayScope(ctx, m); !ok {
		return why
	}
	var tags []string
	if !(len(args) == 1 && strings.EqualFold(args[0], "all")) {
		for _, t := range args {
			if err := CheckTag(t); err != nil {
				return refusal(markup.T(err.Error() + "."))
			}
			tags = append(tags, formats.NormalizeTag(t))
		}
	}
	tags = knowledge.MergeTags(tags)
	if err := x.c.Scopes.Set(ctx, chat, tags); err != nil {
		x.c.Log.Error("set scope failed", "chat", chat.String(), "err", err)
		return refusal(markup.T("Sorry, I couldn't change that just now; please try again later."))
	}
	if len(tags) == 0 {
		if cfg := x.c.Scopes.configured(chat); len(cfg) > 0 {
			return say(markup.T("This chat is scoped in the bot's configuration to " + strings.Join(cfg, ", ") + "; an operator can change that."))
		}
		return say(markup.T("This chat now sees every report."))
	}
	n := 0
	if kb := x.c.Library.Current(); kb != nil {
		n = len(kb.Scope(tags).Reports)
	}
	return say(markup.T(fmt.Sprintf("This chat now sees the reports tagged %s (%d now).", strings.Join(tags, ", "), n)))
}

// mayScope: bot admins, and chat admins in groups; anyone in a private chat.
func (x *Chat) mayScope(ctx context.Context, m bot.Message) (bool, bot.Reply) {
	if m.ChatKind == bot.Private || x.IsAdmin(m) {
		return true, bot.Reply{}
	}
	denied := refusal(markup.T("Only the chat's admins can change which reports it sees."))
	checker := x.c.ChatAdmins(m.Platform)
	if checker == nil || m.UserID == "" {
		return false, denied
	}
	ok, err := checker.IsChatAdmin(ctx, m.ChatID, m.UserID)
	if err != nil {
		x.c.Log.Warn("admin check failed", "platform", m.Platform, "chat", m.ChatID, "err", err)
		return false, refusal(markup.T("I couldn't check whether you are an admin of this chat; please try again later."))
	}
	if !ok {
		return false, denied
	}
	return true, bot.Reply{}
}

// mimeExtensions name the format of a file sent without an extension.
var mimeExtensions = map[string]string{
	"text/plain":      ".txt",
	"text/markdown":   ".md",
	"text/x-markdown": ".md",
	"text/html":       ".html",
	"application/pdf": ".pdf",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}

// withExtension gives a file name without an extension the one its MIME
// type stands for; the extension is what picks the reader.
func withExtension(name, mime string) string {
	if filepath.Ext(name) != "" {
		return name
	}
	mime, _, _ = strings.Cut(mime, ";")
	if ext, ok := mimeExtensions[strings.ToLower(strings.TrimSpace(mime))]; ok {
		return name + ext
	}
	return name
}

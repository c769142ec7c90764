package curator

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/reportbot/reportbot/knowledge"
)

// page is what every template gets.
type page struct {
	Title  string
	Nav    string // the menu entry to mark current
	Base   string // the prefix every link starts with
	CSRF   string
	Signed bool // show the menu and the sign-out button
	Notice string
	Error  string
	Data   any
}

var pageNames = []string{"login", "error", "reports", "report", "questions", "try", "curation"}

func parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"pathEscape": url.PathEscape,
		"percent":    func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" },
		"day":        func(t time.Time) string { return t.Format("2006-01-02") },
	}
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("curator: template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Base = s.opts.Prefix
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, p); err != nil {
		s.log.Error("console page failed", "page", name, "err", err)
		http.Error(w, "the page could not be shown", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// refuse shows an error page outside any session's forms.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Error: msg})
}

// signed builds a page for a signed-in curator.
func signed(sess *session, title, nav string, data any) page {
	return page{Title: title, Nav: nav, CSRF: sess.csrf, Signed: true, Data: data}
}

// --- reports ---

type reportRow struct {
	ID, Title, Date string
	Tags            []string
	People          int
}

// maxTags: a report's tags are its first key terms, enough to tell
// reports apart in a list.
const maxTags = 4

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request, sess *session) {
	kb := s.opts.Knowledge.KB()
	reports := slices.Clone(kb.Reports)
	// Newest first: by the report's own date, then by when it was added;
	// undated reports last.
	slices.SortStableFunc(reports, func(a, b *knowledge.Report) int {
		if (a.Date == "") != (b.Date == "") {
			if a.Date == "" {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(b.Date, a.Date); c != 0 {
			return c
		}
		if c := b.Added.Compare(a.Added); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	rows := make([]reportRow, 0, len(reports))
	for _, rep := range reports {
		row := reportRow{ID: rep.ID, Title: rep.Title, Date: cmp.Or(rep.Date, rep.Event.Date), People: len(rep.People)}
		for _, t := range rep.Terms {
			if len(row.Tags) == maxTags {
				break
			}
			row.Tags = append(row.Tags, t.Text)
		}
		rows = append(rows, row)
	}
	p := signed(sess, "Reports", "reports", rows)
	p.Notice = doneMessage(r)
	s.render(w, r, http.StatusOK, "reports", p)
}

type sourced struct {
	Label, Text, Sentence string
	Curated               bool
}

type personView struct {
	Name    string
	Aliases []string
	Roles   []sourced
	Actions []sourced
}

type reportView struct {
	ID, Title, Date string
	Event           []sourced
	EventSentence   string
	People          []personView
	ReadOnly        bool
}

func sentence(rep *knowledge.Report, i int) string {
	if i < 0 || i >= len(rep.Sentences) {
		return ""
	}
	return rep.Sentences[i].Text
}

func findReport(kb *knowledge.KB, id string) *knowledge.Report {
	for _, rep := range kb.Reports {
		if rep.ID == id {
			return rep
		}
	}
	return nil
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, sess *session) {
	rep := findReport(s.opts.Knowledge.KB(), r.PathValue("id"))
	if rep == nil {
		p := signed(sess, "Not found", "reports", nil)
		p.Error = "No report has that name; it may have been removed since the list was shown."
		s.render(w, r, http.StatusNotFound, "error", p)
		return
	}
	v := reportView{ID: rep.ID, Title: rep.Title, Date: cmp.Or(rep.Date, rep.Event.Date), ReadOnly: s.opts.CurationPath == ""}
	ev := rep.Event
	for _, f := range []sourced{
		{Label: "what", Text: ev.What}, {Label: "held by", Text: ev.Organizer}, {Label: "where", Text: ev.Where},
		{Label: "when", Text: strings.TrimSpace(ev.Date + " " + paren(ev.DateText))}, {Label: "purpose", Text: ev.Purpose},
	} {
		if f.Text != "" {
			v.Event = append(v.Event, f)
		}
	}
	v.EventSentence = sentence(rep, ev.Sentence)
	for _, p := range rep.People {
		pv := personView{Name: p.Name, Aliases: p.Aliases}
		for _, role := range p.Roles {
			pv.Roles = append(pv.Roles, sourced{Text: role.Text, Sentence: sentence(rep, role.Sentence), Curated: role.Curated})
		}
		for _, a := range p.Actions {
			pv.Actions = append(pv.Actions, sourced{Text: string(a.Kind), Sentence: sentence(rep, a.Sentence)})
		}
		v.People = append(v.People, pv)
	}
	p := signed(sess, rep.Title, "reports", v)
	p.Notice = doneMessage(r)
	if v.ReadOnly {
		p.Error = ErrReadOnly.Error()
	}
	s.render(w, r, http.StatusOK, "report", p)
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// --- questions ---

type questionView struct {
	QuestionRow
	Now Answer
}

type questionsView struct {
	Rows     []questionView
	Days     int // 0: all
	ReadOnly bool
	Ignored  int
}

func normalise(q string) string { return strings.ToLower(strings.Join(strings.Fields(q), " ")) }

func sortRows(rows []QuestionRow) {
	slices.SortStableFunc(rows, func(a, b QuestionRow) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return b.Last.Compare(a.Last)
	})
}

func (s *Server) questionsPage(w http.ResponseWriter, r *http.Request, sess *session) {
	v := questionsView{ReadOnly: s.opts.CurationPath == ""}
	v.Days, _ = strconv.Atoi(r.URL.Query().Get("days"))
	var since time.Time
	if v.Days > 0 {
		since = s.opts.Now().AddDate(0, 0, -v.Days)
	}
	var rows []QuestionRow
	if s.opts.Questions != nil {
		var err error
		if rows, err = s.opts.Questions.Questions(r.Context(), since); err != nil {
			s.log.Error("console: questions", "err", err)
			p := signed(sess, "Questions", "questions", v)
			p.Error = "The questions could not be read: " + err.Error()
			s.render(w, r, http.StatusInternalServerError, "questions", p)
			return
		}
	}
	sortRows(rows)
	ignored := s.ignored()
	for _, row := range rows {
		if ignored[normalise(row.Text)] {
			v.Ignored++
			continue
		}
		v.Rows = append(v.Rows, questionView{QuestionRow: row, Now: s.opts.Asker.Ask(r.Context(), row.Text)})
	}
	p := signed(sess, "Questions", "questions", v)
	p.Notice = doneMessage(r)
	s.render(w, r, http.StatusOK, "questions", p)
}

// ignored is the set of questions the curation file says to leave alone.
func (s *Server) ignored() map[string]bool {
	out := map[string]bool{}
	data, _, err := s.file.read()
	if err != nil {
		return out
	}
	cur, err := knowledge.ParseCuration(data)
	if err != nil {
		return out
	}
	for _, q := range cur.Ignored {
		out[normalise(q)] = true
	}
	return out
}

// --- try it ---

type tryView struct {
	Question string
	Answer   *Answer
}

// maxQuestion matches the bot's own default limit on a message.
const maxQuestion = 2000

func (s *Server) tryPage(w http.ResponseWriter, r *http.Request, sess *session) {
	var v tryView
	if r.Method == http.MethodPost {
		v.Question = strings.TrimSpace(r.PostFormValue("q"))
		if len([]rune(v.Question)) > maxQuestion {
			p := signed(sess, "Try it", "try", v)
			p.Error = fmt.Sprintf("A question may be at most %d characters.", maxQuestion)
			s.render(w, r, http.StatusBadRequest, "try", p)
			return
		}
		if v.Question != "" {
			a := s.opts.Asker.Ask(r.Context(), v.Question)
			v.Answer = &a
		}
	}
	s.render(w, r, http.StatusOK, "try", signed(sess, "Try it", "try", v))
}

// --- the curation file ---

type curationView struct {
	// Name is the file's base name: the page need not tell a browser
	// where the server keeps its files.
	Name, Text, Version string
	Current             string // on a conflict: what the file holds now
	ReadOnly            bool
}

func (s *Server) curationPage(w http.ResponseWriter, r *http.Request, sess *session) {
	v := curationView{Name: filepath.Base(s.opts.CurationPath), ReadOnly: s.opts.CurationPath == ""}
	p := signed(sess, "Curation file", "curation", &v)
	p.Notice = doneMessage(r)
	if v.ReadOnly {
		p.Error = ErrReadOnly.Error()
		s.render(w, r, http.StatusOK, "curation", p)
		return
	}
	data, ver, err := s.file.read()
	if err != nil {
		p.Error = "The curation file could not be read: " + err.Error()
		s.render(w, r, http.StatusInternalServerError, "curation", p)
		return
	}
	v.Text, v.Version = string(data), ver
	s.render(w, r, http.StatusOK, "curation", p)
}

func (s *Server) saveCuration(w http.ResponseWriter, r *http.Request, sess *session) {
	// Browsers send a textarea's line ends as CRLF; the file keeps LF.
	text := strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n")
	v := curationView{Name: filepath.Base(s.opts.CurationPath), Text: text, Version: r.PostFormValue("version"), ReadOnly: s.opts.CurationPath == ""}
	p := signed(sess, "Curation file", "curation", &v)
	err := s.file.save([]byte(text), v.Version)
	if err == nil {
		s.afterWrite(w, r, sess, "saved", s.opts.Prefix+"/curation")
		return
	}
	status := http.StatusInternalServerError
	var invalid *invalidError
	switch {
	case errors.Is(err, ErrConflict):
		status = http.StatusConflict
		// The curator's text stays in the editor, unsaved; the file as it
		// is now is shown beside it, and saving again means "mine wins".
		cur, ver, rerr := s.file.read()
		if rerr == nil {
			v.Current, v.Version = string(cur), ver
		}
		p.Error = "Not saved: " + err.Error() + ". Your text is still in the editor; the file as it is now is shown below it. Merge what you need and save again."
	case errors.As(err, &invalid):
		status = http.StatusUnprocessableEntity
		p.Error = "Not saved: " + err.Error()
	case errors.Is(err, ErrReadOnly):
		status = http.StatusConflict
		p.Error = err.Error()
	default:
		p.Error = "Not saved: " + err.Error()
	}
	s.render(w, r, status, "curation", p)
}

// afterWrite reloads the knowledge base and sends the curator on to next
// with the message for what was done; a failed reload is shown instead,
// since the fix is saved but not yet answered with.
func (s *Server) afterWrite(w http.ResponseWriter, r *http.Request, sess *session, done, next string) {
	if s.opts.Reloader != nil {
		if err := s.opts.Reloader.Reload(r.Context()); err != nil {
			s.log.Error("console: reload after a curation change", "err", err)
			s.render(w, r, http.StatusInternalServerError, "error", page{
				Title: "Saved, not reloaded", CSRF: sess.csrf, Signed: true,
				Error: "The curation file was saved, but the knowledge base did not reload: " + err.Error(),
			})
			return
		}
	}
	s.log.Info("console: curation file changed", "change", done)
	sep := "?"
	if strings.Contains(next, "?") {
		sep = "&"
	}
	http.Redirect(w, r, next+sep+"done="+done, http.StatusSeeOther)
}

// --- the buttons that write the curation file ---

// fix is one kind of button: the form fields it needs, how they change
// the curation file, and what the curator is told afterwards.
type fix struct {
	fields []string
	// words lists fields that must be one word (synonyms match words).
	words []string
	edit  func(f map[string]string) edit
	done  string
}

var fixes = map[string]fix{
	"role": {fields: []string{"name", "role"}, done: "The role is fixed.",
		edit: func(f map[string]string) edit { return setEntry("roles", f["name"], f["role"]) }},
	"alias": {fields: []string{"name", "alias"}, done: "The alias is added.",
		edit: func(f map[string]string) edit { return addToList("aliases", f["name"], f["alias"]) }},
	"not_person": {fields: []string{"name"}, done: "Marked as not a person.",
		edit: func(f map[string]string) edit { return addToList("not_people", "", f["name"]) }},
	"answer": {fields: []string{"question", "answer"}, done: "The answer is added.",
		edit: func(f map[string]string) edit { return addQA(f["question"], f["answer"]) }},
	"synonym": {fields: []string{"word", "means"}, words: []string{"word", "means"}, done: "The synonym is added.",
		edit: func(f map[string]string) edit {
			return setEntry("synonyms", strings.ToLower(f["word"]), strings.ToLower(f["means"]))
		}},
	"ignore": {fields: []string{"question"}, done: "The question is ignored.",
		edit: func(f map[string]string) edit { return addToList("ignored", "", f["question"]) }},
	// "saved" is the editor's; it has no button here.
	"saved": {done: "The curation file is saved."},
}

func doneMessage(r *http.Request) string {
	return fixes[r.URL.Query().Get("done")].done
}

func (s *Server) curate(w http.ResponseWriter, r *http.Request, sess *session) {
	kind := r.PathValue("kind")
	fx, ok := fixes[kind]
	if !ok || fx.edit == nil {
		s.render(w, r, http.StatusNotFound, "error", page{Title: "Not found", CSRF: sess.csrf, Signed: true, Error: "There is no such fix."})
		return
	}
	// Back to the page the button was on: a report's page, or the questions.
	next := s.opts.Prefix + "/questions"
	if id := r.PostFormValue("report"); id != "" && findReport(s.opts.Knowledge.KB(), id) != nil {
		next = s.opts.Prefix + "/reports/" + url.PathEscape(id)
	}
	values := map[string]string{}
	for _, name := range fx.fields {
		v := strings.Join(strings.Fields(r.PostFormValue(name)), " ")
		if v == "" {
			s.fixFailed(w, r, sess, http.StatusBadRequest, next, "Nothing was changed: "+name+" is empty.")
			return
		}
		values[name] = v
	}
	for _, name := range fx.words {
		if strings.ContainsFunc(values[name], unicode.IsSpace) {
			s.fixFailed(w, r, sess, http.StatusBadRequest, next, "Nothing was changed: a synonym is one word for one word.")
			return
		}
	}
	err := s.file.edit(func(data []byte) ([]byte, error) { return applyEdit(data, fx.edit(values)) })
	if err != nil {
		status := http.StatusInternalServerError
		var invalid *invalidError
		if errors.Is(err, ErrReadOnly) || errors.As(err, &invalid) {
			status = http.StatusConflict
		}
		s.fixFailed(w, r, sess, status, next, "Nothing was changed: "+err.Error())
		return
	}
	s.afterWrite(w, r, sess, kind, next)
}

func (s *Server) fixFailed(w http.ResponseWriter, r *http.Request, sess *session, status int, back, msg string) {
	s.render(w, r, status, "error", page{Title: "Not changed", CSRF: sess.csrf, Signed: true, Error: msg, Data: back})
}

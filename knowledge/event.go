package knowledge

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// extract fills in everything a report's sentences say: the event, the
// people, key terms and a headline.
func extract(r *Report) {
	extractEvent(r)
	extractPeople(r)
	extractTerms(r)
	r.Title = headline(r)
}

const monthNames = `January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec`

var (
	monthDayRe   = regexp.MustCompile(`(?i)\b(?:on\s+)?(` + monthNames + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`)
	dayMonthRe   = regexp.MustCompile(`(?i)\b(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthNames + `)\.?(?:,?\s+(\d{4}))?\b`)
	isoDateRe    = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	ordinalDayRe = regexp.MustCompile(`(?i)\bon\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b`)
	weekdayRe    = regexp.MustCompile(`(?i)\bon\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)
	approxRe     = regexp.MustCompile(`(?i)\b(a\s+few\s+days\s+ago|the\s+other\s+day|recently|earlier\s+this\s+week|some\s+days\s+ago)\b`)
	relativeRe   = regexp.MustCompile(`(?i)\b(yesterday|last\s+night|last\s+evening|today|this\s+morning|this\s+afternoon|this\s+evening|tonight)\b`)
)

// resolveDate finds the first date expression in s and resolves it against
// the report's date (ref, may be zero). It returns the text as written and
// the date as YYYY-MM-DD, or "" when it cannot be pinned down.
func resolveDate(s string, ref time.Time) (text, date string) {
	return resolveDateNear(s, ref, -1)
}

// resolveDateNear is resolveDate, choosing among several dates by their
// place around byte offset near (the event verb): "Report from X on
// December 10 (…), on December 9, the summit opened" is about the 9th. A
// negative near takes the first.
func resolveDateNear(s string, ref time.Time, near int) (text, date string) {
	type hit struct {
		at   int
		text string
		t    time.Time
		ok   bool
	}
	var hits []hit
	month := func(m string) time.Month {
		t, err := time.Parse("Jan", strings.ToUpper(m[:1])+strings.ToLower(m[1:3]))
		if err != nil {
			return 0
		}
		return t.Month()
	}
	monthDay := func(mo time.Month, day int, year string) (time.Time, bool) {
		if mo == 0 || day < 1 || day > 31 {
			return time.Time{}, false
		}
		if year != "" {
			y, _ := strconv.Atoi(year)
			return time.Date(y, mo, day, 0, 0, 0, 0, time.UTC), true
		}
		if ref.IsZero() {
			return time.Time{}, false
		}
		t := time.Date(ref.Year(), mo, day, 0, 0, 0, 0, time.UTC)
		// A report describes the past: "December 30" in a report dated
		// January 2 is last year's.
		if t.After(ref.AddDate(0, 0, 7)) {
			t = t.AddDate(-1, 0, 0)
		}
		return t, true
	}
	for _, m := range monthDayRe.FindAllStringSubmatchIndex(s, 4) {
		sub := s[m[2]:m[3]]
		day, _ := strconv.Atoi(s[m[4]:m[5]])
		year := ""
		if m[6] >= 0 {
			year = s[m[6]:m[7]]
		}
		t, ok := monthDay(month(sub), day, year)
		hits = append(hits, hit{m[0], s[m[0]:m[1]], t, ok})
	}
	if m := dayMonthRe.FindStringSubmatchIndex(s); m != nil {
		day, _ := strconv.Atoi(s[m[2]:m[3]])
		year := ""
		if m[6] >= 0 {
			year = s[m[6]:m[7]]
		}
		t, ok := monthDay(month(s[m[4]:m[5]]), day, year)
		hits = append(hits, hit{m[0], s[m[0]:m[1]], t, ok})
	}
	if m := isoDateRe.FindStringSubmatchIndex(s); m != nil {
		t, err := time.Parse("2006-01-02", s[m[0]:m[1]])
		hits = append(hits, hit{m[0], s[m[0]:m[1]], t, err == nil})
	}
	if m := ordinalDayRe.FindStringSubmatchIndex(s); m != nil && !ref.IsZero() && !ordinalOfThing(s[m[1]:]) {
		day, _ := strconv.Atoi(s[m[2]:m[3]])
		t := time.Date(ref.Year(), ref.Month(), day, 0, 0, 0, 0, time.UTC)
		if day > ref.Day() {
			t = time.Date(ref.Year(), ref.Month()-1, day, 0, 0, 0, 0, time.UTC)
		}
		hits = append(hits, hit{m[0], s[m[0]:m[1]], t, day >= 1 && day <= 31})
	}
	if m := weekdayRe.FindStringSubmatchIndex(s); m != nil && !ref.IsZero() {
		want := strings.ToLower(s[m[2]:m[3]])
		t := ref
		for i := 0; i < 7 && strings.ToLower(t.Weekday().String()) != want; i++ {
			t = t.AddDate(0, 0, -1)
		}
		hits = append(hits, hit{m[0], s[m[0]:m[1]], t, true})
	}
	if m := relativeRe.FindStringSubmatchIndex(s); m != nil {
		w := strings.ToLower(strings.Join(strings.Fields(s[m[2]:m[3]]), " "))
		t := ref
		if w == "yesterday" || strings.HasPrefix(w, "last") {
			t = ref.AddDate(0, 0, -1)
		}
		hits = append(hits, hit{m[0], s[m[0]:m[1]], t, !ref.IsZero()})
	}
	if m := approxRe.FindStringSubmatchIndex(s); m != nil && !ref.IsZero() {
		// "a few days ago": the date line is the best one can say; the
		// event marks it approximate.
		hits = append(hits, hit{m[0], s[m[0]:m[1]], ref, true})
	}
	if len(hits) == 0 {
		return "", ""
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	h := hits[0]
	// A date followed by a bracketed byline is the dateline of the
	// dispatch, not the day of the event: "on December 10 (journalist: …),
	// on December 9, the summit opened".
	if near < 0 && len(hits) > 1 && strings.HasPrefix(strings.TrimLeft(s[h.at+len(h.text):], " ,"), "(") {
		h = hits[1]
	}
	if near >= 0 {
		// The first date after the verb ("held its meeting on May 18"),
		// else the last before it ("On May 18, the council held …").
		var before, after *hit
		for i := range hits {
			x := &hits[i]
			if x.at >= near && after == nil {
				after = x
			}
			if x.at < near {
				before = x
			}
		}
		switch {
		case after != nil:
			h = *after
		case before != nil:
			h = *before
		}
	}
	if !h.ok {
		return h.text, ""
	}
	return h.text, h.t.Format("2006-01-02")
}

var (
	organizerRe = regexp.MustCompile(`\b(?:organi[sz]ed|hosted|sponsored|co-organi[sz]ed|convened)\s+(?:jointly\s+)?by\s+((?:the\s+)?[\p{Lu}][\p{L}'’.-]*(?:\s+(?:of\s+(?:the\s+)?|and\s+|for\s+)?[\p{Lu}][\p{L}'’.-]*)*)`)
	venueRe     = regexp.MustCompile(`\b(?:at|in)\s+((?:the\s+)?[A-Z][\p{L}'’.-]*(?:\s+(?:of\s+(?:the\s+)?|and\s+|for\s+)?[A-Z][\p{L}'’.-]*)*)`)
	venueStart  = regexp.MustCompile(`\s(?:at|in)\s+(?:the\s+)?[A-Z]`)
	leadIn      = regexp.MustCompile(`(?i)^(?:(?:on|in|at)\s+[^,]+,\s*|(?:yesterday|today|last\s+\w+|this\s+\w+)\s*,?\s*)`)
)

// extractEvent finds the sentence that says what was held, by whom, where
// and when: "On <date>, <organiser> held <event> to <purpose>".
func extractEvent(r *Report) {
	var ref time.Time
	if r.Date != "" {
		ref, _ = time.Parse("2006-01-02", r.Date)
	}
	ev := Event{Sentence: -1}
	verbAt := -1 // where the event verb stands in the event sentence
	for si, s := range r.Sentences {
		l := strings.ToLower(s.Text)
		for _, v := range eventVerbs {
			i := strings.Index(l, v)
			if i < 0 {
				continue
			}
			obj := s.Text[i+len(v):]
			if !mentionsEventNoun(firstWords(obj, 4)) {
				continue
			}
			ev.Sentence, verbAt = si, i
			ev.Organizer = strings.TrimSpace(leadIn.ReplaceAllString(s.Text[:i], ""))
			ev.What, ev.Purpose = splitPurpose(obj)
			break
		}
		if ev.Sentence >= 0 {
			break
		}
		// Passive: "The symposium was held in Shenyang on Monday."
		for _, v := range []string{" was held", " were held", " took place", " was convened", " opened"} {
			if i := strings.Index(l, v); i >= 0 && mentionsEventNoun(s.Text[:i]) {
				ev.Sentence, verbAt = si, i
				ev.What = strings.TrimSpace(leadIn.ReplaceAllString(s.Text[:i], ""))
				break
			}
		}
		if ev.Sentence >= 0 {
			break
		}
	}
	if ev.Sentence < 0 && len(r.Sentences) > 0 {
		ev.Sentence = 0
	}
	// The date: in the event sentence, else the first sentence that has one.
	order := []int{ev.Sentence}
	for si := range r.Sentences {
		if si != ev.Sentence {
			order = append(order, si)
		}
	}
	for _, si := range order {
		if si < 0 {
			continue
		}
		near := -1
		if si == ev.Sentence {
			near = verbAt
		}
		if text, date := resolveDateNear(r.Sentences[si].Text, ref, near); text != "" {
			ev.DateText, ev.Date = strings.TrimSpace(text), date
			ev.Approximate = approxRe.MatchString(text)
			break
		}
	}
	// "its annual meeting last night at the Old Mill Hall": the date and
	// venue are not part of what was held.
	if ev.DateText != "" {
		if i := strings.Index(ev.What, ev.DateText); i > 0 {
			ev.What = strings.TrimSpace(ev.What[:i])
		}
	}
	if m := venueStart.FindStringIndex(ev.What); m != nil && m[0] > 0 {
		ev.What = strings.TrimSpace(ev.What[:m[0]])
	}
	// "organized by the Coastal Trust", "hosted by X": the organiser, in
	// the event sentence or the first few.
	if ev.Organizer == "" {
		for si := max(ev.Sentence, 0); si < len(r.Sentences) && si < max(ev.Sentence, 0)+4; si++ {
			if m := organizerRe.FindStringSubmatch(r.Sentences[si].Text); m != nil {
				ev.Organizer = strings.TrimRight(strings.TrimSpace(m[1]), ".")
				break
			}
		}
	}
	if ev.Sentence >= 0 {
		s := r.Sentences[ev.Sentence].Text
		for _, m := range venueRe.FindAllStringSubmatch(s, -1) {
			place := strings.TrimSuffix(m[1], ".")
			if _, d := resolveDate(place, ref); d != "" || monthDayRe.MatchString(place) {
				continue
			}
			if strings.Contains(ev.Organizer, place) || strings.Contains(ev.What, place) && !strings.HasPrefix(strings.ToLower(m[0]), "in ") && !strings.HasPrefix(strings.ToLower(m[0]), "at ") {
				continue
			}
			ev.Where = place
			break
		}
	}
	// A place from the first sentences when the event sentence names none,
	// or names only a country: a venue ("Prague Castle", "the Congress
	// Center") or a city beats a country ("Warsaw", not "Poland"), and
	// the city of a dateline ("Shanghai, July 26") comes last.
	if ev.Where == "" || countries[strings.ToLower(lastField(ev.Where))] {
		best, bestScore := ev.Where, 0
		if best != "" {
			bestScore = 1
		}
		for si := 0; si < len(r.Sentences) && si < 4 && bestScore < 3; si++ {
			for _, m := range venueRe.FindAllStringSubmatch(r.Sentences[si].Text, -1) {
				place := strings.TrimSuffix(m[1], ".")
				last := strings.ToLower(lastField(place))
				score := 0
				switch {
				case monthDayRe.MatchString(place):
				case venueWords[last]:
					score = 3
				case placeWords[last] && !countries[last] && !directions[last]:
					score = 2
				case countries[last]:
					score = 1
				}
				if score > bestScore {
					best, bestScore = place, score
				}
			}
		}
		for si := 0; bestScore < 2 && si < len(r.Sentences) && si < 4; si++ {
			if m := datelineRe.FindStringSubmatch(r.Sentences[si].Text); m != nil && placeWords[strings.ToLower(lastField(m[1]))] && !countries[strings.ToLower(lastField(m[1]))] {
				best, bestScore = m[1], 2
			}
		}
		ev.Where = best
	}
	r.Event = ev
}

// venueWords are the heads of names of places to meet.
var venueWords = wordSet(`castle palace tower bridge street road avenue square plaza park garden gardens
stadium arena hall church cathedral shrine temple mosque synagogue museum gallery library theatre
theater hotel restaurant mall market center centre university college school hospital office
building house chamber headquarters station airport port harbour harbor`)

// directions name a part of a place, not a place to meet.
var directions = wordSet(`east west north south northeast northwest southeast southwest midwest`)

// datelineRe reads the place of a dateline: "… Agency, Kuala Lumpur, July
// 25th", "Shanghai July 26".
var datelineRe = regexp.MustCompile(`(?:^|[,(]\s*|\s)([\p{Lu}][\p{L}]+(?:\s[\p{Lu}][\p{L}]+)?),?\s+(?:` + monthNames + `)\.?\s+\d{1,2}\b`)

func lastField(s string) string {
	fs := strings.Fields(s)
	if len(fs) == 0 {
		return ""
	}
	return fs[len(fs)-1]
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

func mentionsEventNoun(s string) bool {
	for _, t := range textmatch.Tokens(s) {
		if eventNouns[t] || eventNouns[textmatch.Stem(t)] {
			return true
		}
	}
	return false
}

// splitPurpose splits "a symposium for X to study Y" into what and purpose.
func splitPurpose(obj string) (what, purpose string) {
	obj = strings.TrimSpace(strings.TrimRight(obj, ". "))
	for _, sep := range []string{" in order to ", " to ", ", "} {
		if i := strings.Index(obj, sep); i > 0 {
			p := strings.TrimSpace(obj[i+len(sep):])
			if sep == ", " {
				p = ""
			}
			return strings.TrimSpace(obj[:i]), p
		}
	}
	return obj, ""
}

// headline is a one-line title: the Markdown title if any, else the event.
func headline(r *Report) string {
	if r.Title != "" {
		return r.Title
	}
	ev := r.Event
	var h string
	switch {
	case ev.Organizer != "" && ev.What != "":
		h = ev.Organizer + " held " + ev.What
	case ev.What != "":
		h = ev.What
	case len(r.Sentences) > 0:
		h = leadIn.ReplaceAllString(r.Sentences[0].Text, "")
	}
	h = strings.TrimSpace(h)
	if r, size := utf8.DecodeRuneInString(h); size > 0 {
		// By rune: a headline may open with a curly quote or a letter
		// beyond ASCII, whose first byte alone is no character.
		h = string(unicode.ToUpper(r)) + h[size:]
	}
	return shorten(h, 110)
}

// shorten cuts s at a word boundary and marks the cut.
func shorten(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	rs := []rune(s)[:n]
	if i := strings.LastIndex(string(rs), " "); i > n/2 {
		return strings.TrimRight(string(rs)[:i], " ,;") + "…"
	}
	return string(rs) + "…"
}

var quotedRe = regexp.MustCompile(`[“"‘]([^”"’“]{2,80})[”"’]`)

// extractTerms collects quoted phrases and salient multi-word terms, each
// with the sentences that mention it.
func extractTerms(r *Report) {
	names := map[string]bool{}
	namesByFirst := map[string][]string{}
	for _, p := range r.People {
		n := strings.ToLower(p.Name)
		names[n] = true
		first, _, _ := strings.Cut(n, " ")
		namesByFirst[first] = append(namesByFirst[first], n)
	}
	type cand struct {
		text   string
		key    string // lower case
		quoted bool
		count  int
		first  int
	}
	cands := map[string]*cand{}
	add := func(text string, quoted, mayNamePerson bool, si int) {
		text = strings.Trim(strings.TrimSpace(text), ",.;:!?")
		key := strings.ToLower(text)
		if key == "" || names[key] {
			return
		}
		if mayNamePerson {
			// Through the names' first words, so this stays linear however
			// many people the report names.
			for _, t := range strings.Fields(key) {
				for _, n := range namesByFirst[t] {
					if strings.Contains(key, n) {
						return // "… with Comrade <Name>": about a person, not a topic
					}
				}
			}
		}
		c, ok := cands[key]
		if !ok {
			c = &cand{key: key, text: text, first: si}
			cands[key] = c
		}
		c.count++
		c.quoted = c.quoted || quoted
	}
	for si, s := range r.Sentences {
		for _, m := range quotedRe.FindAllStringSubmatch(s.Text, -1) {
			if n := len(strings.Fields(m[1])); n >= 1 && n <= 8 && !strings.ContainsAny(m[1], ".!?") {
				add(m[1], true, true, si)
			}
		}
		for _, t := range capitalisedPhrases(s.Text) {
			add(t, false, true, si)
		}
		// Common-noun pairs ("democratic supervision"): both words lower-case
		// in the text (proper nouns come from capitalisedPhrases), and no
		// adverb ("firmly grasp").
		ws := words(s.Text)
		for i := 0; i+1 < len(ws); i++ {
			a, b := ws[i].text, ws[i+1].text
			if s.Text[ws[i].end:ws[i+1].start] != " " || isCapitalised(a) || isCapitalised(b) {
				continue
			}
			if textmatch.IsStopword(a) || textmatch.IsStopword(b) || len(a) < 4 || len(b) < 4 || strings.HasSuffix(a, "ly") {
				continue
			}
			add(a+" "+b, false, false, si)
		}
	}
	var list []*cand
	for _, c := range cands {
		if c.quoted || (c.count >= 2 && len(strings.Fields(c.text)) >= 2) || (isCapitalised(c.text) && len(strings.Fields(c.text)) >= 3) {
			list = append(list, c)
		}
	}
	// The candidates come from a map: put them in a fixed order first, so
	// ties below break the same way on every run and every machine.
	sort.Slice(list, func(i, j int) bool { return list[i].key < list[j].key })
	// Only the strongest candidates can end among the 40 kept; comparing
	// every pair of all of them would be quadratic in a long report.
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.quoted != b.quoted {
			return a.quoted
		}
		if sa, sb := a.count*len(strings.Fields(a.text)), b.count*len(strings.Fields(b.text)); sa != sb {
			return sa > sb
		}
		return a.first < b.first
	})
	if len(list) > 400 {
		list = list[:400]
	}
	// Drop a term inside a longer one that occurs as often: it adds nothing.
	keep := list[:0]
	for _, c := range list {
		sub := false
		for _, o := range list {
			if o != c && !c.quoted && o.count >= c.count && len(o.key) > len(c.key) && strings.Contains(o.key, c.key) {
				sub = true
				break
			}
		}
		if !sub {
			keep = append(keep, c)
		}
	}
	sort.SliceStable(keep, func(i, j int) bool {
		a, b := keep[i], keep[j]
		if a.quoted != b.quoted {
			return a.quoted
		}
		if a.quoted {
			return a.first < b.first
		}
		sa, sb := a.count*len(strings.Fields(a.text)), b.count*len(strings.Fields(b.text))
		if sa != sb {
			return sa > sb
		}
		return a.first < b.first
	})
	if len(keep) > 40 {
		keep = keep[:40]
	}
	lowered := make([]string, len(r.Sentences))
	for si, s := range r.Sentences {
		lowered[si] = strings.ToLower(s.Text)
	}
	r.Terms = r.Terms[:0]
	for _, c := range keep {
		t := Term{Text: c.text, Quoted: c.quoted}
		for si, l := range lowered {
			if strings.Contains(l, c.key) {
				t.Sentences = append(t.Sentences, si)
			}
		}
		r.Terms = append(r.Terms, t)
	}
}

var capPhraseRe = regexp.MustCompile(`(?:\d+(?:st|nd|rd|th)\s+)?[A-Z][\p{L}'’-]*(?:\s+(?:of\s+the\s+|of\s+|and\s+|for\s+a\s+|for\s+|on\s+|with\s+)?[A-Z][\p{L}'’-]*)+`)

// capitalisedPhrases finds proper-noun phrases such as "National Congress"
// or "Federation of Industry and Commerce", skipping a sentence's first word.
func capitalisedPhrases(s string) []string {
	var out []string
	for _, m := range capPhraseRe.FindAllStringIndex(s, -1) {
		p := s[m[0]:m[1]]
		ws := strings.Fields(p)
		if m[0] == 0 && len(ws) > 0 && nonNameWords[strings.ToLower(ws[0])] {
			p = strings.Join(ws[1:], " ")
		}
		if len(strings.Fields(p)) < 2 || hasTitleWord(p) {
			continue // a role or a titled name, not a topic
		}
		out = append(out, p)
	}
	return out
}

func hasTitleWord(p string) bool {
	for _, w := range strings.Fields(p) {
		if isTitleWord(w) {
			return true
		}
	}
	return false
}

// ordinalOfThing reports whether an ordinal counts a thing rather than
// naming a day: "on the 23rd Film Festival", "on the 5th floor".
func ordinalOfThing(after string) bool {
	w := firstWord(strings.TrimLeft(after, " "))
	if !strings.HasPrefix(after, " ") || w == "" {
		return false // "on the 21st." or "on the 21st,"
	}
	switch strings.ToLower(w) {
	case "at", "in", "of", "and", "when", "with", "to", "for", "as", "the", "a", "an", "by", "from", "after", "before", "this", "last", "that", "there", "it", "he", "she", "they", "we":
		return false
	}
	return true
}

package knowledge

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// predicateStart reports whether lower-case text begins with an action verb.
func predicateStart(l string) bool {
	_, ok := actionAt(l)
	return ok
}

// speechRe catches the many ways of saying someone spoke: a verb of giving
// followed closely by a speech noun ("gave the opening address", "made a
// brief presentation"). ledRe catches "led the meeting".
var (
	speechRe = regexp.MustCompile(`^(?:delivered|gave|made|presented|offered|read)\b(?:\s+[\w'-]+){0,3}?\s+(?:speech|speeches|address|addresses|remarks|talk|talks|keynote|presentation|presentations|report|reports|statement|statements|lecture|lectures|briefing|briefings|overview|update|summary|account|greeting|greetings|toast|welcome|testimony|suggestion|suggestions|recommendation|recommendations|proposal|proposals)\b`)
	ledRe    = regexp.MustCompile(`^(?:led|ran|opened|opened and chaired)\s+(?:the\s+)?(?:[\w'-]+\s+)?(?:meeting|session|discussion|symposium|forum|talks|debate|conference|hearing|seminar|proceedings)\b`)
)

// actionAt reads the action lower-case text begins with, if any.
func actionAt(l string) (ActionKind, bool) {
	for _, group := range actionPhrases {
		for _, p := range group.phrases {
			if strings.HasPrefix(l, p) && (len(l) == len(p) || !isLetter(l[len(p)])) {
				return group.kind, true
			}
		}
	}
	// Cheap first-word checks keep the expressions off most text.
	first, _, _ := strings.Cut(l, " ")
	switch first {
	case "delivered", "gave", "made", "presented", "offered", "read":
		if first == "presented" || speechRe.MatchString(l) {
			return Spoke, true
		}
	case "led", "ran", "opened":
		if ledRe.MatchString(l) {
			return Presided, true
		}
	}
	return "", false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// passiveAction finds "presided over by" / "attended by" just before a name.
// It reads only the last words before the name, so a long sentence with many
// names stays linear.
func passiveAction(before string) ActionKind {
	l := strings.ToLower(strings.TrimSpace(tail(before, 80)))
	if strings.HasSuffix(l, "according to") {
		return Quoted
	}
	if !strings.HasSuffix(l, " by") && l != "by" {
		// "welcomed by master chimney sweep X": a lower-case role of a
		// few words may stand between "by" and the name.
		i := strings.LastIndex(l, " by ")
		if i < 0 || !lowerRoleWords(l[i+4:]) {
			return ""
		}
		l = l[:i+3]
	}
	l = strings.TrimSuffix(l, "by")
	l = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), "over"))
	l = dropPlace(l) // "welcomed at the arena by X"
	// Being welcomed or received by X is X being there to do it, not
	// X's words.
	for _, v := range []string{"welcomed", "greeted", "received"} {
		if strings.HasSuffix(l, " "+v) {
			return Attended
		}
	}
	for _, group := range actionPhrases {
		for _, p := range group.phrases {
			if strings.HasSuffix(l, p) {
				return group.kind
			}
		}
	}
	// "a speech given by X" is speaking; "the award was given by X" is
	// being there to hand it over.
	for _, v := range []string{"delivered", "given", "made", "presented", "awarded", "handed", "handed over"} {
		if strings.HasSuffix(l, v) {
			for _, n := range []string{"speech", "address", "remarks", "report", "presentation", "statement", "talk", "lecture", "keynote"} {
				if strings.Contains(tail(l, 40), n) {
					return Spoke
				}
			}
			return Attended
		}
	}
	for _, v := range []string{" held", " convened", "was held", "were held"} {
		if strings.HasSuffix(l, v) {
			return Presided // "the summit held by X"
		}
	}
	if strings.HasSuffix(l, " led") {
		return Presided // "the talks were led by X"
	}
	// "The meeting was opened by X": whoever opens a sitting chairs it;
	// "the exhibition was opened by X" is being there to open it.
	if strings.HasSuffix(l, " opened") {
		for _, n := range []string{"meeting", "session", "sitting", "conference", "forum", "symposium", "seminar", "hearing", "debate", "congress", "assembly", "plenary"} {
			if strings.Contains(tail(l, 50), n) {
				return Presided
			}
		}
		return Attended
	}
	// "The meeting heard a report by X", "a speech by X".
	for _, n := range []string{"report", "speech", "address", "remarks", "presentation", "briefing", "statement", "talk", "lecture", "keynote"} {
		if strings.HasSuffix(l, " "+n) {
			return Spoke
		}
	}
	return ""
}

// lowerRoleWords reports whether s is one to three lower-case words, as a
// role written before a name is ("master chimney sweep"), and no clause.
func lowerRoleWords(s string) bool {
	fs := strings.Fields(s)
	if len(fs) == 0 || len(fs) > 3 {
		return false
	}
	for _, f := range fs {
		for _, c := range f {
			if (c < 'a' || c > 'z') && c != '-' {
				return false
			}
		}
		if f == "the" || f == "a" || f == "an" || f == "and" {
			continue
		}
		if _, ok := actionAt(f); ok {
			return false
		}
	}
	return true
}

// dropPlace drops a short phrase of place or time that ends a passive
// verb group ("welcomed at the arena", "opened in the morning"), so the
// participle before it can be read.
func dropPlace(l string) string {
	for _, p := range []string{" at ", " in ", " on ", " during "} {
		i := strings.LastIndex(l, p)
		if i < 0 {
			continue
		}
		if len(strings.Fields(l[i+len(p):])) <= 3 && !strings.ContainsAny(l[i:], ",;:") {
			return strings.TrimSpace(l[:i])
		}
	}
	return l
}

func skipFillers(l string) string {
	for {
		if rest, ok := strings.CutPrefix(l, "in turn "); ok {
			l = strings.TrimLeft(rest, " ,")
			continue
		}
		w, rest, _ := strings.Cut(l, " ")
		w = strings.Trim(w, ",.")
		if !predicateFillers[w] || rest == "" {
			return l
		}
		l = strings.TrimSpace(rest)
	}
}

// actionsIn reads which actions a predicate states: its first verb, and
// verbs joined to it by "and" ("presided over the meeting and delivered a
// speech"). It stops at "that", where reported speech begins.
func actionsIn(pred string) []ActionKind {
	l := strings.ToLower(head(pred, predicateWindow))
	if i := strings.Index(l, " that "); i >= 0 {
		l = l[:i]
	}
	l = strings.TrimLeft(l, " ,;–—-")
	// "X, role, who said …": the relative pronoun stands for the subject;
	// "X and others paid a visit": the others share it.
	l = strings.TrimPrefix(l, "who ")
	for _, p := range []string{"and others ", "and others, ", "and other officials ", "etc. ", "et al. "} {
		l = strings.TrimPrefix(l, p)
	}
	if passiveOfSpeech(l) {
		return nil // "X was described as …", "X was praised": others' words
	}
	var out []ActionKind
	add := func(k ActionKind) {
		for _, x := range out {
			if x == k {
				return
			}
		}
		out = append(out, k)
	}
	// Quoted words are someone's speech, not the subject's predicate.
	if i := strings.IndexAny(l, "\"“”"); i >= 0 {
		l = l[:i]
	}
	clauses := []string{skipFillers(l)}
	for _, part := range strings.Split(l, " and ")[1:] {
		clauses = append(clauses, skipFillers(strings.TrimSpace(part)))
	}
	for ci, c := range clauses {
		if k, ok := actionAt(c); ok {
			add(k)
		}
		// The subject does something else ("responded to each speaker");
		// a verb joined after a short first clause still counts ("burst
		// out at him and said").
		if ci == 0 && len(out) == 0 && (len(clauses) == 1 || len(strings.Fields(c)) > 5) {
			return nil
		}
	}
	return out
}

// passiveOfSpeech reports whether a predicate is a passive verb of saying
// ("was described as", "were praised"): its subject is spoken about.
func passiveOfSpeech(l string) bool {
	w, rest, _ := strings.Cut(strings.TrimLeft(l, " ,"), " ")
	if w != "was" && w != "were" && w != "is" && w != "are" && w != "been" && w != "being" {
		return false
	}
	rest = strings.TrimPrefix(rest, "also ")
	v, _, _ := strings.Cut(rest, " ")
	v = strings.Trim(v, ",.;:")
	if !strings.HasSuffix(v, "ed") && !strings.HasSuffix(v, "told") {
		return false
	}
	k, ok := actionAt(v)
	return ok && k == Quoted
}

// SpeechIndex returns the byte offset in s where the first "spoke" phrase
// begins ("made speeches …", "delivered a speech"), or -1. The bot uses it
// to quote what a list of speakers said, with the same vocabulary the
// extraction reads.
func SpeechIndex(s string) int {
	l := strings.ToLower(s)
	for _, w := range words(s) {
		rest := ""
		if len(l) == len(s) {
			rest = l[w.start:]
		} else { // lower-casing changed byte lengths: offsets differ
			rest = strings.ToLower(s[w.start:])
		}
		if k, ok := actionAt(rest); ok && k == Spoke {
			return w.start
		}
	}
	return -1
}

// saidElsewhere reports whether a sentence places someone's words away
// from the event: an interview, a post, a letter, an earlier statement.
// Words said without such a marker are taken as said at the event.
func saidElsewhere(s string) bool {
	l := strings.ToLower(s)
	for _, m := range elsewhereMarkers {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

var elsewhereMarkers = []string{"interview", "wrote", "in a statement", "in a post", "posted", "on twitter",
	"on facebook", "on telegram", "on instagram", "tweeted", "in a letter", "told reporters", "told journalists",
	"told the press", "told the newspaper", "told a newspaper", "earlier", "previously", "in an op-ed",
	"before the meeting", "last week", "last month", "last year"}

// speechIsSpeaking adds "spoke" to words quoted at the event: a reader
// takes "X said, at the ceremony, …" as X speaking there.
func speechIsSpeaking(acts []ActionKind, elsewhere bool) []ActionKind {
	if elsewhere {
		return acts
	}
	for _, a := range acts {
		if a == Quoted {
			return append(acts, Spoke)
		}
	}
	return acts
}

// pronounActions reads the actions of a clause whose subject is "he" or
// "she": "He said …", "…,” she added".
// It also reports a deed at the scene ("She received the award").
func pronounActions(s string) (acts []ActionKind, deed bool) {
	for _, seg := range splitSegments(s) {
		t := strings.TrimLeft(seg.text, " “\"")
		w, rest, ok := strings.Cut(t, " ")
		if !ok {
			continue
		}
		if l := strings.ToLower(w); l != "he" && l != "she" {
			continue
		}
		// A pronoun inside quoted words is the speaker's, about someone
		// else: "“… he is preparing for war,” X said".
		if insideQuote(s, seg.start+len(seg.text)-len(t)) {
			continue
		}
		if acts := actionsIn(rest); len(acts) > 0 {
			return acts, false
		}
		if narrativeVerb(rest) && !strings.HasPrefix(strings.TrimLeft(rest, " "), "as") {
			deed = true
		}
	}
	return nil, deed
}

// objectAction reads a verb whose object takes part with the subject:
// "met with X", "talks with X", "accompanied by X", "with X in attendance".
func objectAction(before string) ActionKind {
	b := strings.ToLower(strings.TrimRight(tail(before, 60), " "))
	for _, p := range []string{" met with", " met", " talks with", " discussions with", " meeting with", " together with",
		" joined by", " accompanied by", " along with", " shook hands with", " received by", " welcomed by", " greeted by", " hosted by", " brought together", " gathered"} {
		if strings.HasSuffix(b, p) {
			return Attended
		}
	}
	// Being interviewed is speaking: "an interview with X".
	for _, p := range []string{" interview with", " conversation with", " interviewed"} {
		if strings.HasSuffix(b, p) {
			return Spoke
		}
	}
	return ""
}

// predicateWindow bounds how far after a subject its verbs are looked for:
// a predicate's verbs come early, and reading the whole rest of a sentence
// for every name would make a long sentence quadratic.
const predicateWindow = 300

// head is at most the first n bytes of s, cut at a rune boundary.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// tail is at most the last n bytes of s, cut at a rune boundary.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// narrativeVerb reports whether a predicate opens with a finite verb of
// doing in the past or present ("arrived", "won", "dressed", "is at his
// side"): a deed at the scene, as opposed to a state ("was a doctor"), a
// plan ("will discuss") or nothing verbal at all.
func narrativeVerb(pred string) bool {
	l := strings.ToLower(strings.TrimLeft(head(pred, 80), " ,"))
	if strings.HasPrefix(l, "(") { // "X (1/43.6) completed"
		if i := strings.IndexByte(l, ')'); i >= 0 {
			l = strings.TrimLeft(l[i+1:], " ,")
		}
	}
	if strings.Trim(l, " .!”\"") == "" {
		return true // a caption that is only the name: "…: Minister X."
	}
	if w, _, _ := strings.Cut(l, " "); w != "is" && w != "was" && w != "are" && w != "were" {
		l = skipFillers(l) // keep the copula: "was the best", "was out"
	}
	w, rest, _ := strings.Cut(l, " ")
	w = strings.Trim(w, ",.;:")
	switch {
	case w == "is" || w == "was" || w == "are" || w == "were":
		next, after, _ := strings.Cut(rest, " ")
		if next == "the" {
			// A rank at the event: "was the best German", "was the winner".
			n2, _, _ := strings.Cut(after, " ")
			return strings.HasSuffix(n2, "est") || rankWords[n2]
		}
		// "was at his side", "was out and about", "was speaking", "is going
		// to grant" — but not a passive elsewhere ("was elected").
		return next == "at" || next == "among" || next == "on" || next == "out" || next == "there" || next == "present" ||
			strings.HasSuffix(next, "ing") ||
			strings.HasSuffix(next, "ed") && strings.HasPrefix(after, "at ") // "are welcomed at the arena"
	case w == "as" || w == "with" || w == "at" && strings.HasPrefix(rest, "his side") || w == "at" && strings.HasPrefix(rest, "her side"):
		// A caption: "X as the sheriff", "X with his wife Y", "X at his side".
		return true
	case sceneVerbs[w] || sceneVerbs[strings.TrimSuffix(w, "s")] || sceneVerbs[strings.TrimSuffix(w, "d")] || sceneVerbs[strings.TrimSuffix(w, "ed")]:
		return true
	}
	return false
}

// sceneVerbs are deeds done in person at a gathering (in their base or
// past forms): arriving, watching, competing (and winning or losing),
// handing over, unveiling.
var sceneVerbs = wordSet(`arrive came come went go walk join watch wore wear dress appear stood stand sat sit won win finish
compete race play perform danc sang sing visit tour pose greet shook shake cut unveil laid lay
receive present hand award enjoy celebrate lit light place plant sign inspect view tried try taste
competed raced played performed danced visited toured posed greeted unveiled received presented
handed awarded enjoyed celebrated placed planted signed inspected viewed tasted attend shot ran rode
drove flew swam skated skied brought carried escorted accompanied hosted welcomed opened closed
began started ended left chose pay paid complete completed finished
surpass disappoint beat defeat dominate triumph overtook overtake outpace trail`)

// rankWords place a competitor: "was the winner", "was the first".
var rankWords = wordSet(`winner winners first second third runner-up champion champions victor`)

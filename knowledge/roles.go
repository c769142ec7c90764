package knowledge

import (
	"regexp"
	"strings"
)

// roleStarts reports whether a segment opens with a role phrase:
// "chairman of …", "the executive director", "a representative of …",
// "member of the Standing Committee …".
func roleStarts(seg string) bool {
	seg = relativeRole(seg)
	ws := words(seg)
	i := 0
	if i < len(ws) && (lower(ws[i].text) == "a" || lower(ws[i].text) == "an" || lower(ws[i].text) == "the" || lower(ws[i].text) == "former") {
		i++
	}
	// "the chamber's vice president", "a city councillor", "its chief
	// economist": up to two describing words before the title.
	for n := 0; n < 3 && i+n < len(ws); n++ {
		w := ws[i+n].text
		if isTitleWord(w) || isPersonHead(w) && !isCapitalised(w) {
			return true
		}
		l := lower(w)
		if predicateStart(l) || l == "and" || l == "of" || l == "who" || l == "which" || l == "that" || nonNameWords[l] && l != "its" && l != "their" && l != "his" && l != "her" {
			break
		}
	}
	// "Hong Kong democracy and human rights activist": a longer noun
	// phrase whose head is a noun for a person, before any verb.
	for n := i; n < len(ws) && n < i+8; n++ {
		w := ws[n].text
		l := lower(w)
		if !isCapitalised(w) && isPersonHead(w) {
			// "… artistic director Katja Wildermuth": a title before a name
			// opens the next person, not a role.
			return n+1 >= len(ws) || !nameShaped(ws[n+1].text)
		}
		if predicateStart(l) || roleStop[l] && l != "and" && l != "of" && l != "the" && l != "a" && l != "an" || n > i && nameShaped(w) && n+1 < len(ws) && nameShaped(ws[n+1].text) && !isCapitalised(ws[i].text) {
			break
		}
	}
	// "Harbor Union Provincial Committee Chairman": capitalised org words
	// ending in a title, with no name after it.
	j := 0
	for j < len(ws) && (isCapitalised(ws[j].text) || j > 0 && (lower(ws[j].text) == "of" || lower(ws[j].text) == "and")) && !isTitleWord(ws[j].text) {
		j++
	}
	return j > 0 && j < len(ws) && isTitleWord(ws[j].text) && nameAt(ws, j+1) == j+1 && allCapitalisedUntilTitle(ws, j)
}

func allCapitalisedUntilTitle(ws []word, j int) bool {
	for k := 0; k < j; k++ {
		if l := lower(ws[k].text); !isCapitalised(ws[k].text) && (k == 0 || l != "of" && l != "and") {
			return false
		}
	}
	return true
}

// trimRole cuts a role phrase where the sentence's predicate begins
// ("… Commerce etc. made speeches" → "… Commerce").
func trimRole(seg string) (role string, cut int) {
	if r := relativeRole(seg); r != seg {
		// The clause is all role: "who chairs the Harbor Trust".
		role, _ := trimRole(r)
		return role, len(seg)
	}
	ws := words(seg)
	for i, w := range ws {
		l := lower(w.text)
		if i == 0 {
			continue
		}
		if l == "etc" || predicateStart(strings.ToLower(head(seg[w.start:], 80))) {
			return strings.TrimSpace(strings.TrimRight(seg[:w.start], " ,")), w.start
		}
	}
	return strings.TrimSpace(seg), len(seg)
}

// splitRoles splits "member of X and Minister of Y" into two roles. A role
// is split at " and " only when a title word follows, so "Federation of
// Industry and Commerce" stays whole.
func splitRoles(r string) []string {
	ws := words(r)
	var out []string
	last := 0
	for i, w := range ws {
		if lower(w.text) != "and" || i+1 >= len(ws) {
			continue
		}
		n := i + 1
		if l := lower(ws[n].text); l == "a" || l == "an" || l == "the" {
			n++
		}
		for n < len(ws) && titleModifiers[lower(ws[n].text)] && !isTitleWord(ws[n].text) {
			n++
		}
		if n < len(ws) && isTitleWord(ws[n].text) {
			out = append(out, strings.TrimSpace(r[last:w.start]))
			last = ws[i+1].start
		}
	}
	out = append(out, strings.TrimSpace(r[last:]))
	return out
}

// parseRole splits a role phrase into its title and organisation.
func parseRole(text string) Role {
	// "the chamber's vice president": the owner is the organisation.
	if m := possessiveRe.FindStringSubmatch(text); m != nil && !hasTitleWord(m[1]) && len(strings.Fields(m[1])) <= 3 {
		r := parseRole(m[2])
		if r.Org == "" {
			r.Org = m[1]
		}
		r.Text = text
		return r
	}
	ws := words(text)
	i := 0
	if i < len(ws) {
		if l := lower(ws[i].text); l == "a" || l == "an" || l == "the" {
			i++
		}
	}
	// Title first: "Vice Chairman of the X".
	j := i
	for j < len(ws) && (isTitleWord(ws[j].text) || titleModifiers[lower(ws[j].text)]) {
		j++
	}
	if j > i && j < len(ws) && isTitleWord(ws[j-1].text) {
		title := text[ws[i].start:ws[j-1].end]
		rest := strings.TrimSpace(text[ws[j-1].end:])
		for _, p := range []string{"of the ", "of ", "at the ", "at ", "for the ", "for ", "to the ", "to ", "in the ", "in "} {
			if strings.HasPrefix(strings.ToLower(rest), p) {
				return Role{Title: title, Org: strings.TrimSpace(rest[len(p):]), Text: text}
			}
		}
		return Role{Title: title, Org: rest, Text: text}
	}
	if j > i && j == len(ws) {
		return Role{Title: text[ws[i].start:], Text: text}
	}
	// Title last: "Harbor Union Board Chairman".
	k := len(ws)
	for k > 0 && (isTitleWord(ws[k-1].text) || titleModifiers[lower(ws[k-1].text)]) {
		k--
	}
	for k < len(ws) && !isTitleWord(ws[k].text) && titleModifiers[lower(ws[k].text)] {
		// keep modifiers with the title
		break
	}
	if k < len(ws) && k > 0 {
		org := strings.TrimSpace(text[:ws[k].start])
		for _, art := range []string{"a ", "an ", "the ", "A ", "An ", "The "} {
			org = strings.TrimPrefix(org, art)
		}
		return Role{Title: text[ws[k].start:], Org: org, Text: text}
	}
	return Role{Title: text, Text: text}
}

var (
	relIsRe   = regexp.MustCompile(`(?i)^who\s+(?:is|was|serves\s+as|served\s+as|is\s+also|was\s+also|works\s+as)\s+`)
	relVerbRe = regexp.MustCompile(`(?i)^who\s+(chairs|heads|leads|directs|runs|manages|founded|represents|represented|chaired|headed|led)\s+(?:the\s+)?`)
)

var relVerbTitle = map[string]string{
	"chairs": "chair", "chaired": "chair", "heads": "head", "headed": "head", "leads": "leader", "led": "leader",
	"directs": "director", "runs": "head", "manages": "manager", "founded": "founder",
	"represents": "representative", "represented": "representative",
}

// relativeRole turns a relative clause into the role it states: "who is
// the treasurer" → "the treasurer"; "who chairs the Harbor Trust" → "chair
// of the Harbor Trust". Other text comes back unchanged.
func relativeRole(seg string) string {
	if len(seg) < 4 || !strings.EqualFold(seg[:4], "who ") {
		return seg // the common case, without running the expressions
	}
	if m := relIsRe.FindStringIndex(seg); m != nil {
		return seg[m[1]:]
	}
	if m := relVerbRe.FindStringSubmatchIndex(seg); m != nil {
		return relVerbTitle[strings.ToLower(seg[m[2]:m[3]])] + " of the " + seg[m[1]:]
	}
	return seg
}

var possessiveRe = regexp.MustCompile(`^(?:the\s+)?([\p{L}\p{N} -]+?)['’]s\s+(.+)$`)

// singularTitle turns a plural title ("Vice Directors", "Members",
// "Vice Chairmen") into the title of one person; ok is false when the
// title is not plural.
func singularTitle(role string) (string, bool) {
	i := strings.LastIndex(role, " ") + 1
	last := role[i:]
	l := strings.ToLower(last)
	var one string
	switch {
	case strings.HasSuffix(l, "men") && titleWords[l[:len(l)-3]+"man"]:
		one = last[:len(last)-3] + "man"
	case strings.HasSuffix(l, "ies") && titleWords[l[:len(l)-3]+"y"]:
		one = last[:len(last)-3] + "y"
	case strings.HasSuffix(l, "s") && titleWords[l[:len(l)-1]] && !titleWords[l]:
		one = last[:len(last)-1]
	default:
		return role, false
	}
	return role[:i] + one, true
}

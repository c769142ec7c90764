package bot

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// personRef is a person in one report.
type personRef struct {
	report int
	p      *knowledge.Person
	score  float64
	tokens []string // the query tokens the name used up
}

// matchPeople finds the people a question names, tolerating typos. It
// compares each name (and alias) with the question's word windows of the
// same length as whole strings, so short names like "Al Li" still forgive
// one wrong letter.
func matchPeople(kb *knowledge.KB, toks []string) []personRef {
	// In a large archive one person appears in many reports under one
	// spelling: the candidates come grouped by spelling, each is scored
	// once, and only the groups that can make the cut are expanded.
	type scored struct {
		s    float64
		used []string
	}
	memo := map[string]scored{}
	score := func(name string) scored {
		m, ok := memo[name]
		if !ok {
			if nt := textmatch.Tokens(name); len(nt) > 0 {
				m.s, m.used = nameScore(nt, toks)
			}
			memo[name] = m
		}
		return m
	}
	// People with aliases score their best name, which may be another
	// group's.
	bestOf := func(ref knowledge.PersonRef) (*knowledge.Person, scored) {
		p := &kb.Reports[ref.Report].People[ref.Person]
		var best scored
		for _, name := range append([]string{p.Name}, p.Aliases...) {
			if m := score(name); m.s > best.s {
				best = m
			}
		}
		return p, best
	}
	groups := kb.Lookup().NamesNear(toks)
	top := 0.0
	for _, g := range groups {
		if len(g.People) > 0 {
			top = max(top, score(g.Name).s)
		}
		for _, ref := range g.Aliased {
			_, m := bestOf(ref)
			top = max(top, m.s)
		}
	}
	// Keep only the best-scoring name and equally good ones: "Ana Lima"
	// should not also bring in every other Lima.
	keep := func(s float64) bool { return s > 0 && s >= top-0.05 }
	type cand struct {
		m      personRef
		person int
	}
	var found []cand
	seen := map[knowledge.PersonRef]bool{}
	for _, g := range groups {
		if m := score(g.Name); keep(m.s) {
			for _, ref := range g.People {
				found = append(found, cand{personRef{report: ref.Report, p: &kb.Reports[ref.Report].People[ref.Person], score: m.s, tokens: m.used}, ref.Person})
			}
		}
		for _, ref := range g.Aliased {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			if p, m := bestOf(ref); keep(m.s) {
				found = append(found, cand{personRef{report: ref.Report, p: p, score: m.s, tokens: m.used}, ref.Person})
			}
		}
	}
	// Best first, then in report order.
	slices.SortFunc(found, func(a, b cand) int {
		switch {
		case a.m.score != b.m.score:
			return cmp.Compare(b.m.score, a.m.score)
		case a.m.report != b.m.report:
			return a.m.report - b.m.report
		}
		return a.person - b.person
	})
	out := make([]personRef, len(found))
	for i, c := range found {
		out[i] = c.m
	}
	return out
}

// nameScore is how well some window of the question matches a name.
func nameScore(name, toks []string) (float64, []string) {
	joined := strings.Join(name, " ")
	best, used := 0.0, []string(nil)
	for w := len(name) - 1; w <= len(name)+1; w++ {
		if w < 1 {
			continue
		}
		for i := 0; i+w <= len(toks); i++ {
			win := toks[i : i+w]
			cand := strings.Join(win, " ")
			s := textmatch.Similarity(cand, joined)
			if s == 0 {
				// Spaces dropped or added: "analima".
				s = 0.9 * textmatch.Similarity(strings.Join(win, ""), strings.Join(name, ""))
			}
			if s > best {
				best, used = s, win
			}
		}
	}
	if best >= 0.7 {
		return best, used
	}
	// One part of a longer name, exactly: "Lima", "Ana". Weak, so a
	// full match elsewhere wins and a bare surname asks "which one?".
	if len(name) > 1 {
		for _, t := range toks {
			if textmatch.IsStopword(t) || len([]rune(t)) < 3 {
				continue
			}
			for _, n := range name {
				if t == n {
					return 0.5, []string{t}
				}
			}
		}
	}
	return 0, nil
}

// minRoleScore is the least role match worth keeping; answers need 0.6.
const minRoleScore = 0.5

// roleRef is a person matched by what they are, not by name.
type roleRef struct {
	personRef
	role *knowledge.Role
}

// matchRoles scores each person's roles against the question's topic words
// ("democratic league chairman", "spoke for the X"). Words rare among all
// roles (a party's name) weigh more than common ones ("provincial").
func matchRoles(kb *knowledge.KB, terms []string, wantTitle []string) []roleRef {
	if len(terms) == 0 && len(wantTitle) == 0 {
		return nil
	}
	// How many roles use each word: rare words identify an organisation.
	look := kb.Lookup()
	weights := map[string]float64{}
	weight := func(t string) float64 {
		w, ok := weights[t]
		if !ok {
			df, n := look.RoleDF(t)
			w = math.Log(1 + float64(n+1)/float64(df+1))
			weights[t] = w
		}
		return w
	}
	// Candidates: a role's score is the weighted share of the asked words
	// it holds (times a title fit of at most 1). To reach minRoleScore it
	// must hold one of the rarest words whose weights make up more than
	// 1-minRoleScore of the total, so only roles holding one of those are
	// fetched: common words ("union", "society") would bring thousands. A
	// title alone ("who is the treasurer?") must look at every holder.
	words := wantTitle
	if len(terms) > 0 {
		byWeight := append([]string(nil), terms...)
		sort.SliceStable(byWeight, func(i, j int) bool { return weight(byWeight[i]) > weight(byWeight[j]) })
		var total, prefix float64
		for _, t := range terms {
			total += weight(t)
		}
		words = nil
		for _, t := range byWeight {
			words = append(words, t)
			prefix += weight(t)
			if prefix > (1-minRoleScore)*total {
				break
			}
		}
		// "Chinese ambassador" finds the "ambassador of China". Only topic
		// words get country forms: a title's ("chairman" → "chairma") are
		// no titles, and RolesNear gives every role only to titles alone.
		for _, w := range append([]string(nil), words...) {
			words = append(words, countryForms(w)...)
		}
	}
	// The same role recurs across reports: the candidates come grouped by
	// wording, and each wording is scored once.
	type cand struct {
		m   roleRef
		ref knowledge.RoleRef
	}
	var found []cand
	for _, g := range look.RolesNear(words) {
		s := roleScore(g.Role, terms, wantTitle, weight)
		if s < minRoleScore {
			continue
		}
		for _, h := range g.Holders {
			p := &kb.Reports[h.Report].People[h.Person]
			found = append(found, cand{roleRef{personRef: personRef{report: h.Report, p: p, score: s}, role: &p.Roles[h.Role]}, h})
		}
	}
	// Best first, then in report order.
	slices.SortFunc(found, func(a, b cand) int {
		switch {
		case a.m.score != b.m.score:
			return cmp.Compare(b.m.score, a.m.score)
		case a.ref.Report != b.ref.Report:
			return a.ref.Report - b.ref.Report
		case a.ref.Person != b.ref.Person:
			return a.ref.Person - b.ref.Person
		}
		return a.ref.Role - b.ref.Role
	})
	out := make([]roleRef, len(found))
	for i, c := range found {
		out[i] = c.m
	}
	return out
}

func roleScore(role *knowledge.Role, terms, wantTitle []string, weight func(string) float64) float64 {
	roleToks := textmatch.Content(role.Org)
	titleToks := textmatch.Tokens(role.Title)
	if role.Org == "" {
		roleToks = textmatch.Content(role.Text)
	}
	var got, total float64
	for _, t := range terms {
		w := weight(t)
		total += w
		best := 0.0
		for _, rt := range roleToks {
			if s := textmatch.Similarity(t, rt); s > best {
				best = s
			}
			if sameCountry(t, rt) {
				best = 1
			}
		}
		got += w * best
	}
	score := 1.0
	if total > 0 {
		score = got / total
	}
	if len(wantTitle) > 0 {
		// A title word inside the organisation's name ("Teachers Union")
		// names the organisation, not the position.
		orgToks := textmatch.Content(role.Org)
		var want []string
		for _, w := range wantTitle {
			if !containsSimilar(orgToks, w) {
				want = append(want, w)
			}
		}
		score *= titleFit(want, titleToks)
	}
	return score
}

// titleFit keeps "vice chairman" apart from "chairman": a title asked for
// must be there, and a "vice" or "deputy" not asked for counts against.
func titleFit(want, have []string) float64 {
	var haveParts []string
	for _, h := range have {
		haveParts = append(haveParts, strings.Split(h, "-")...)
	}
	fit := 1.0
	for _, w := range want {
		if leaderWords[textmatch.Stem(w)] {
			continue // "who heads X": any title at its head will do
		}
		// Every part of a wanted title must be there: "secretary-general"
		// needs both "secretary" and "general".
		for _, wp := range strings.Split(w, "-") {
			found := false
			for _, hp := range haveParts {
				// "chairs" asks for a "chairman" or "chairwoman".
				if st := textmatch.Stem(wp); textmatch.Similarity(wp, hp) >= 0.8 || len(st) >= 4 && strings.HasPrefix(hp, st) {
					found = true
				}
			}
			if !found {
				fit *= 0.3
			}
		}
	}
	for _, hp := range haveParts {
		if (hp == "vice" || hp == "deputy" || hp == "assistant" || hp == "honorary" || hp == "former") && !wantsPart(want, hp) {
			fit *= 0.5
		}
	}
	return fit
}

func wantsPart(want []string, part string) bool {
	for _, w := range want {
		for _, wp := range strings.Split(w, "-") {
			if wp == part {
				return true
			}
		}
	}
	return false
}

func did(p *knowledge.Person, k knowledge.ActionKind) (knowledge.Action, bool) {
	for _, a := range p.Actions {
		if a.Kind == k {
			return a, true
		}
	}
	return knowledge.Action{}, false
}

// roleText joins a person's roles as the report states them.
func roleText(p *knowledge.Person) string {
	var rs []string
	for _, r := range p.Roles {
		rs = append(rs, r.Text)
	}
	return strings.Join(rs, "; ")
}

// spoke reports whether the report has a person speak: a speech, or words
// quoted from them ("said", "pointed out").
func spoke(p *knowledge.Person) (knowledge.Action, bool) {
	s, okS := did(p, knowledge.Spoke)
	q, okQ := did(p, knowledge.Quoted)
	switch {
	case okS && okQ && q.Sentence < s.Sentence:
		return q, true
	case okS:
		return s, true
	}
	return q, okQ
}

// leaderWords ask for whoever leads, whatever their title is called.
var leaderWords = map[string]bool{"head": true, "leader": true, "chief": true, "boss": true, "top": true, "lead": true}

func containsSimilar(toks []string, w string) bool {
	for _, t := range toks {
		if textmatch.Similarity(w, t) >= 0.8 {
			return true
		}
	}
	return false
}

// sameCountry matches a nationality adjective with its country: "chinese"
// and "china", "russian" and "russia", "japanese" and "japan", "israeli"
// and "israel". English forms these by a few endings on a shared stem.
func sameCountry(a, b string) bool {
	if a == b || !isNationality(a) && !isNationality(b) {
		return false
	}
	ba, bb := countryStem(a), countryStem(b)
	return len(ba) >= 4 && ba == bb
}

func countryStem(w string) string {
	for _, suf := range []string{"ese", "ian", "ean", "ish", "an", "ia", "i", "a", "y"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// countryForms are the country names a nationality adjective may stand
// for: "chinese" → "china", "russian" → "russia".
func countryForms(w string) []string {
	if !isNationality(w) {
		return nil
	}
	st := countryStem(w)
	var out []string
	for _, suf := range []string{"a", "ia", "y", "", "e", "any"} {
		out = append(out, st+suf)
	}
	return out
}

// isNationality: the endings English nationality adjectives take.
func isNationality(w string) bool {
	for _, suf := range []string{"ese", "ian", "ean", "ish", "an", "i"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return true
		}
	}
	return false
}

package knowledge

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// extractPeople builds the people of a report from its sentences.
func extractPeople(r *Report) {
	byName := map[string]*Person{}
	var order []string
	get := func(name string, si int) *Person {
		p, ok := byName[name]
		if !ok {
			p = &Person{Name: name, Order: si}
			byName[name] = p
			order = append(order, name)
		}
		return p
	}
	for si, sent := range r.Sentences {
		ms := findMentions(si, sent.Text)
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
		// Adjacent subject phrases ("A, chairman of X, B, chairman of Y,
		// and C") form one list that shares the predicate after the last.
		for mi := 0; mi < len(ms); {
			mj := mi
			for mj+1 < len(ms) && ms[mj].end <= ms[mj+1].start && onlySeparators(sent.Text[ms[mj].end:ms[mj+1].start]) {
				mj++
			}
			acts := actionsIn(sent.Text[ms[mj].end:])
			subject := ms[mi].subject
			for _, m := range ms[mi : mj+1] {
				p := get(m.name, si)
				for _, rt := range m.roles {
					addRole(p, rt, si)
				}
				if m.passive != "" {
					addAction(p, m.passive, si)
				}
				if m.listed != "" {
					addAction(p, m.listed, si)
				}
				if subject {
					for _, a := range acts {
						addAction(p, a, si)
					}
				}
			}
			mi = mj + 1
		}
	}
	// "Mr. Costa" after "Paulo Costa": a surname alone is the same person.
	order = mergeSurnames(byName, order)
	// Every sentence that names a person, and what they said: a paragraph
	// opened by "<Name> pointed out …" is that person's speech throughout.
	// Sentences are found through their words, so this stays linear in
	// the report's length however many people it names.
	bySentWord := map[string][]int{}
	for si, sent := range r.Sentences {
		for _, w := range words(sent.Text) {
			l := w.text
			if n := len(bySentWord[l]); n == 0 || bySentWord[l][n-1] != si {
				bySentWord[l] = append(bySentWord[l], si)
			}
		}
	}
	for _, name := range order {
		p := byName[name]
		for _, variant := range append([]string{name}, p.Aliases...) {
			first, _, _ := strings.Cut(variant, " ")
			for _, si := range bySentWord[first] {
				if containsWords(r.Sentences[si].Text, variant) {
					p.Sentences = appendUnique(p.Sentences, si)
				}
			}
		}
		sort.Ints(p.Sentences)
	}
	// Who is quoted as the subject of each sentence, to end one speaker's
	// paragraph where another's words begin.
	quotedAt := map[int]string{}
	for _, name := range order {
		for _, a := range byName[name].Actions {
			if a.Kind == Quoted {
				if _, ok := quotedAt[a.Sentence]; !ok {
					quotedAt[a.Sentence] = name
				}
			}
		}
	}
	for _, name := range order {
		p := byName[name]
		for _, a := range p.Actions {
			if a.Kind != Quoted && a.Kind != Spoke {
				continue
			}
			para := r.Sentences[a.Sentence].Para
			for si := a.Sentence; si < len(r.Sentences) && r.Sentences[si].Para == para; si++ {
				if other := quotedAt[si]; si > a.Sentence && other != "" && other != name {
					break
				}
				p.Said = appendUnique(p.Said, si)
			}
		}
	}
	r.People = r.People[:0]
	for _, name := range order {
		r.People = append(r.People, *byName[name])
	}
	sort.SliceStable(r.People, func(i, j int) bool { return r.People[i].Order < r.People[j].Order })
}

func addRole(p *Person, text string, si int) {
	text = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(text), ",.;"))
	if text == "" || isHonorific(text) {
		return // "Mr.", "Comrade": a form of address, not a position
	}
	for _, r := range p.Roles {
		if strings.EqualFold(r.Text, text) {
			return
		}
	}
	role := parseRole(text)
	role.Sentence = si
	p.Roles = append(p.Roles, role)
}

func addAction(p *Person, k ActionKind, si int) {
	for _, a := range p.Actions {
		if a.Kind == k && a.Sentence == si {
			return
		}
	}
	p.Actions = append(p.Actions, Action{Kind: k, Sentence: si})
}

func appendUnique(xs []int, x int) []int {
	for _, v := range xs {
		if v == x {
			return xs
		}
	}
	return append(xs, x)
}

// mergeSurnames folds a one-word name into the earlier full name it ends,
// when exactly one person has that surname.
func mergeSurnames(byName map[string]*Person, order []string) []string {
	var kept []string
	for _, name := range order {
		if strings.Contains(name, " ") {
			kept = append(kept, name)
			continue
		}
		var full *Person
		n := 0
		for _, other := range order {
			if other != name && strings.HasSuffix(other, " "+name) {
				full = byName[other]
				n++
			}
		}
		if n != 1 {
			kept = append(kept, name)
			continue
		}
		short := byName[name]
		for _, r := range short.Roles {
			addRole(full, r.Text, r.Sentence)
		}
		for _, a := range short.Actions {
			addAction(full, a.Kind, a.Sentence)
		}
		full.Aliases = append(full.Aliases, name)
		delete(byName, name)
	}
	return kept
}

func isHonorific(s string) bool {
	switch strings.ToLower(strings.TrimSuffix(s, ".")) {
	case "mr", "mrs", "ms", "dr", "prof", "sir", "madam", "comrade":
		return true
	}
	return false
}

// onlySeparators reports whether text between two subject phrases is just
// list punctuation: commas, "and", "as well as", dashes.
func onlySeparators(t string) bool {
	t = strings.ToLower(t)
	for _, sep := range []string{"as well as", "and", ",", ";", "–", "—", "-"} {
		t = strings.ReplaceAll(t, sep, " ")
	}
	return strings.TrimSpace(t) == ""
}

// containsWords reports whether phrase occurs in s as whole words.
func containsWords(s, phrase string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], phrase)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(phrase)
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[end:])
		before := i == 0 || !isWordRune(prev)
		after := end == len(s) || !isWordRune(next)
		if before && after {
			return true
		}
		from = i + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

package knowledge

import (
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// Ref points at one sentence of one report.
type Ref struct {
	Report   int
	Sentence int
}

// Hit is a sentence that matches a query, with its score and which query
// terms it contains.
type Hit struct {
	Ref
	Score   float64
	Matched []string // the (corrected) query terms found in the sentence
}

// Retriever answers the lookups the bot core needs. The linear version
// here scans every sentence; an inverted index implements the same
// methods for large archives.
type Retriever interface {
	// Correct maps a typed word to the closest word in the reports,
	// returning it with a similarity in 0..1 (0: nothing close).
	Correct(word string) (string, float64)
	// IDF is the inverse document frequency of a known word; unknown words
	// get the maximum.
	IDF(word string) float64
	// Search ranks sentences for corrected query terms. within, when not
	// nil, limits the search to those sentences.
	Search(terms []string, within []Ref, limit int) []Hit
}

// prepared holds derived lookup tables, built once per KB on first use.
type prepared struct {
	stems  [][]map[string]int // [report][sentence] stem → count
	lens   [][]int
	avgLen float64
	df     map[string]int // stem → sentences containing it
	vocab  []string       // every distinct word, for typo correction
	stemOf map[string]string
	n      int
	roleDF map[string]int // stem → roles using it
	roles  int
}

var prepMu sync.Mutex

func (kb *KB) prep() *prepared {
	prepMu.Lock()
	defer prepMu.Unlock()
	if kb.prepared != nil {
		return kb.prepared
	}
	p := &prepared{df: map[string]int{}, stemOf: map[string]string{}}
	total := 0
	seen := map[string]bool{}
	for _, r := range kb.Reports {
		rs := make([]map[string]int, len(r.Sentences))
		ls := make([]int, len(r.Sentences))
		for si, s := range r.Sentences {
			m := map[string]int{}
			toks := textmatch.Tokens(s.Text)
			for _, t := range toks {
				st := textmatch.Stem(strings.TrimSuffix(t, "'s"))
				m[st]++
				if !seen[t] {
					seen[t] = true
					p.vocab = append(p.vocab, t)
					p.stemOf[t] = st
				}
				// Hyphenated words also match their parts: "self-construction"
				// answers a question about "construction".
				if strings.Contains(t, "-") {
					for _, part := range strings.Split(t, "-") {
						if part != "" {
							m[textmatch.Stem(part)]++
						}
					}
				}
			}
			for st := range m {
				p.df[st]++
			}
			rs[si] = m
			ls[si] = len(toks)
			total += len(toks)
			p.n++
		}
		p.stems = append(p.stems, rs)
		p.lens = append(p.lens, ls)
	}
	if p.n > 0 {
		p.avgLen = float64(total) / float64(p.n)
	}
	sort.Strings(p.vocab)
	p.roleDF = map[string]int{}
	for _, r := range kb.Reports {
		for _, person := range r.People {
			for _, role := range person.Roles {
				p.roles++
				seen := map[string]bool{}
				for _, t := range textmatch.Content(role.Text) {
					if st := textmatch.Stem(t); !seen[st] {
						seen[st] = true
						p.roleDF[st]++
					}
				}
			}
		}
	}
	kb.prepared = p
	return p
}

// Retriever returns the KB's retriever: the index when one is attached,
// else a linear scan.
func (kb *KB) Retriever() Retriever {
	if kb.retriever != nil {
		return kb.retriever
	}
	return linear{kb}
}

type linear struct{ kb *KB }

func (l linear) Correct(w string) (string, float64) {
	p := l.kb.prep()
	if _, ok := p.stemOf[w]; ok {
		return w, 1
	}
	if st := textmatch.Stem(w); p.df[st] > 0 {
		return w, 1
	}
	return textmatch.Best(w, p.vocab)
}

func (l linear) IDF(w string) float64 {
	p := l.kb.prep()
	df := p.df[textmatch.Stem(w)]
	return math.Log(1 + (float64(p.n)-float64(df)+0.5)/(float64(df)+0.5))
}

// Search scores with BM25 (k1=1.2, b=0.75).
func (l linear) Search(terms []string, within []Ref, limit int) []Hit {
	p := l.kb.prep()
	stems := make([]string, len(terms))
	for i, t := range terms {
		stems[i] = textmatch.Stem(t)
	}
	score := func(ri, si int) (float64, []string) {
		var s float64
		var matched []string
		m := p.stems[ri][si]
		for i, st := range stems {
			tf := float64(m[st])
			if tf == 0 {
				continue
			}
			idf := l.IDF(terms[i])
			norm := tf * 2.2 / (tf + 1.2*(0.25+0.75*float64(p.lens[ri][si])/p.avgLen))
			s += idf * norm
			matched = append(matched, terms[i])
		}
		return s, matched
	}
	var hits []Hit
	consider := func(ri, si int) {
		if s, m := score(ri, si); s > 0 {
			hits = append(hits, Hit{Ref: Ref{ri, si}, Score: s, Matched: m})
		}
	}
	if within != nil {
		for _, r := range within {
			consider(r.Report, r.Sentence)
		}
	} else {
		for ri := range p.stems {
			for si := range p.stems[ri] {
				consider(ri, si)
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// PersonRef points at one person of one report.
type PersonRef struct {
	Report int
	Person int
}

// TermRef points at one key term of one report.
type TermRef struct {
	Report int
	Term   int
}

// Candidates narrows entity lookups before the bot scores them. The linear
// version returns everything; an index returns only entries sharing a
// (typo-tolerant) word with the question. The bot's scoring is the same
// either way, so answers do not depend on which is used.
type Candidates interface {
	// PeopleNamed returns people whose name or alias shares a word with
	// the question's tokens.
	PeopleNamed(toks []string) []PersonRef
	// PeopleWithRole returns people whose role shares a word with terms.
	PeopleWithRole(terms []string) []PersonRef
	// TermsWith returns key terms sharing a word with the topic words:
	// each wording once, at its first occurrence in report order. A term
	// recurs across an archive's reports; what matches it is its wording,
	// so its later occurrences add nothing but work.
	TermsWith(topic []string) []TermRef
	// RoleDF is how many roles in the whole knowledge base use a word
	// (by stem), and how many roles there are.
	RoleDF(word string) (df, roles int)
	// NamesNear is PeopleNamed grouped by spelling: each distinct name or
	// alias sharing a word with the tokens, with the people who carry it.
	// One person recurs across an archive's reports under one spelling, so
	// a bot scores the spelling once instead of every report's copy.
	NamesNear(toks []string) []NameGroup
	// RolesNear is PeopleWithRole grouped by wording: each distinct role
	// (title, organisation and text) sharing a word with terms, or every
	// role when terms are only titles, with where it is held.
	RolesNear(terms []string) []RoleGroup
}

// NameGroup is one spelling of a name and the people who carry it, in
// report order. Aliased are those of them with other names too, whose
// best-matching name may be another one.
type NameGroup struct {
	Name    string
	People  []PersonRef
	Aliased []PersonRef
}

// RoleRef points at one role of one person of one report.
type RoleRef struct {
	Report int
	Person int
	Role   int
}

// RoleGroup is one role wording and every place it is held, in report
// order. Role is its first holder's, standing for them all.
type RoleGroup struct {
	Role    *Role
	Holders []RoleRef
}

// Groups of names and roles, built by scanning: the linear retriever's,
// and the tables the index builds once at load.
func nameGroups(kb *KB, keep func(name string) bool) []NameGroup {
	var out []NameGroup
	at := map[string]int{}
	for ri, r := range kb.Reports {
		for pi, p := range r.People {
			ref := PersonRef{ri, pi}
			for _, name := range append([]string{p.Name}, p.Aliases...) {
				if keep != nil && !keep(name) {
					continue
				}
				i, ok := at[name]
				if !ok {
					i = len(out)
					at[name] = i
					out = append(out, NameGroup{Name: name})
				}
				g := &out[i]
				if len(p.Aliases) > 0 {
					if n := len(g.Aliased); n == 0 || g.Aliased[n-1] != ref {
						g.Aliased = append(g.Aliased, ref)
					}
				} else {
					g.People = append(g.People, ref)
				}
			}
		}
	}
	return out
}

type roleKey struct{ title, org, text string }

func roleGroups(kb *KB) []RoleGroup {
	var out []RoleGroup
	at := map[roleKey]int{}
	for ri, r := range kb.Reports {
		for pi := range r.People {
			p := &r.People[pi]
			for rj := range p.Roles {
				role := &p.Roles[rj]
				k := roleKey{role.Title, role.Org, role.Text}
				i, ok := at[k]
				if !ok {
					i = len(out)
					at[k] = i
					out = append(out, RoleGroup{Role: role})
				}
				out[i].Holders = append(out[i].Holders, RoleRef{ri, pi, rj})
			}
		}
	}
	return out
}

func (l linear) NamesNear([]string) []NameGroup { return nameGroups(l.kb, nil) }
func (l linear) RolesNear([]string) []RoleGroup { return roleGroups(l.kb) }

// Lookup returns the KB's candidate source: the index when attached, else
// the linear one.
func (kb *KB) Lookup() Candidates {
	if c, ok := kb.retriever.(Candidates); ok {
		return c
	}
	return linear{kb}
}

func (l linear) PeopleNamed([]string) []PersonRef    { return l.allPeople() }
func (l linear) PeopleWithRole([]string) []PersonRef { return l.allPeople() }

func (l linear) allPeople() []PersonRef {
	var out []PersonRef
	for ri, r := range l.kb.Reports {
		for pi := range r.People {
			out = append(out, PersonRef{ri, pi})
		}
	}
	return out
}

func (l linear) TermsWith([]string) []TermRef {
	var out []TermRef
	seen := map[string]bool{}
	for ri, r := range l.kb.Reports {
		for ti, t := range r.Terms {
			if !seen[t.Text] {
				seen[t.Text] = true
				out = append(out, TermRef{ri, ti})
			}
		}
	}
	return out
}

func (l linear) RoleDF(word string) (int, int) {
	p := l.kb.prep()
	return p.roleDF[textmatch.Stem(word)], p.roles
}

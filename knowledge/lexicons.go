package knowledge

import (
	"embed"
	"strings"
)

// The lexicons in lexicon/*.txt are data about languages and the world
// (common given and family names, places, nouns for people), kept out of the
// code so they can grow without touching it. See lexicon/README.md.
//
//go:embed lexicon/*.txt
var lexiconFS embed.FS

func loadLexicon(name string) map[string]bool {
	data, err := lexiconFS.ReadFile("lexicon/" + name)
	if err != nil {
		panic("knowledge: missing lexicon " + name) // embedded: a build error, not a runtime one
	}
	m := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(strings.ToLower(line)) {
			m[w] = true
		}
	}
	return m
}

var (
	familyNames = loadLexicon("surnames.txt")
	givenNames  = loadLexicon("givennames.txt")
	countries   = loadLexicon("countries.txt")
	placeWords  = union(loadLexicon("places.txt"), countries)
	personNouns = loadLexicon("personnouns.txt")
	kinWords    = loadLexicon("kin.txt")
	// properHeads end proper-noun phrases that name no person.
	properHeads = loadLexicon("propernounheads.txt")
)

func union(a, b map[string]bool) map[string]bool {
	for k := range b {
		a[k] = true
	}
	return a
}

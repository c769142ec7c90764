package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Curation is what a person wrote to correct or extend extraction. It is a
// separate file applied on every build, so it wins over extraction and
// survives rebuilds.
type Curation struct {
	// Synonyms maps a word people ask with to the word reports use:
	// "chaired: presided".
	Synonyms map[string]string `yaml:"synonyms"`
	// Aliases gives other names for a person: "Full Name: [Nickname]".
	Aliases map[string][]string `yaml:"aliases"`
	// Roles fixes a person's role, replacing what extraction found.
	Roles map[string]string `yaml:"roles"`
	// QA adds question–answer pairs the bot answers as written.
	QA []QA `yaml:"qa"`
}

// LoadCuration reads a curation file; unknown keys are errors, so a typo
// in the file never silently drops a correction.
func LoadCuration(path string) (*Curation, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("curation: %w", err)
	}
	var c Curation
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("curation %s: %w", path, err)
	}
	for i, qa := range c.QA {
		if strings.TrimSpace(qa.Question) == "" || strings.TrimSpace(qa.Answer) == "" {
			return nil, fmt.Errorf("curation %s: qa entry %d needs both question and answer", path, i+1)
		}
	}
	return &c, nil
}

// Build assembles a KB from reports and an optional curation.
func Build(reports []*Report, cur *Curation) *KB {
	kb := build(reports, cur)
	kb.useBuiltIndex()
	return kb
}

func build(reports []*Report, cur *Curation) *KB {
	kb := &KB{Reports: reports}
	if cur == nil {
		return kb
	}
	kb.QAs = append(kb.QAs, cur.QA...)
	if len(cur.Synonyms) > 0 {
		kb.Synonyms = map[string]string{}
		for k, v := range cur.Synonyms {
			kb.Synonyms[strings.ToLower(strings.TrimSpace(k))] = strings.ToLower(strings.TrimSpace(v))
		}
	}
	for _, r := range reports {
		applyCuration(r, cur)
	}
	return kb
}

// applyCuration fixes one report's people as the curation file says:
// aliases added, roles replaced.
func applyCuration(r *Report, cur *Curation) {
	for i := range r.People {
		p := &r.People[i]
		for name, aliases := range cur.Aliases {
			if strings.EqualFold(name, p.Name) {
				for _, a := range aliases {
					if !containsFold(p.Aliases, a) {
						p.Aliases = append(p.Aliases, a)
					}
				}
			}
		}
		for name, role := range cur.Roles {
			if strings.EqualFold(name, p.Name) {
				cr := parseRole(role)
				cr.Curated = true
				cr.Sentence = -1
				if len(p.Roles) > 0 {
					cr.Sentence = p.Roles[0].Sentence
				}
				p.Roles = []Role{cr}
			}
		}
	}
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

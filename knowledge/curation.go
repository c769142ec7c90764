package knowledge

import (
	"fmt"
	"os"
	"slices"
	"strings"
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
	// NotPeople names what extraction took for a person but is not one
	// (an organisation, a place); the build drops them from every report.
	NotPeople []string `yaml:"not_people"`
	// Ignored lists questions a curator reviewed and chose to leave
	// unanswered. The bot does not use it; the curator's console hides
	// them from its list of questions to work on.
	Ignored []string `yaml:"ignored"`
}

// LoadCuration reads a curation file; unknown keys are errors, so a typo
// in the file never silently drops a correction.
func LoadCuration(path string) (*Curation, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("curation: %w", err)
	}
	c, err := ParseCuration(data)
	if err != nil {
		return nil, fmt.Errorf("curation %s: %w", path, err)
	}
	return c, nil
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
// people that are not people dropped, aliases added, roles replaced.
func applyCuration(r *Report, cur *Curation) {
	if len(cur.NotPeople) > 0 {
		r.People = slices.DeleteFunc(r.People, func(p Person) bool {
			return containsFold(cur.NotPeople, p.Name)
		})
	}
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

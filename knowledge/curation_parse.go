package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ParseCuration reads a curation file's content with every check a
// curation file gets: unknown keys are errors and each qa entry needs both
// its question and its answer. Loading, `config check` and the curator's
// console all use it, so a file that one accepts the others accept too.
func ParseCuration(data []byte) (*Curation, error) {
	var c Curation
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	for i, qa := range c.QA {
		if strings.TrimSpace(qa.Question) == "" || strings.TrimSpace(qa.Answer) == "" {
			return nil, fmt.Errorf("qa entry %d needs both question and answer", i+1)
		}
	}
	for _, list := range []struct {
		key   string
		names []string
	}{{"not_people", c.NotPeople}, {"ignored", c.Ignored}} {
		for i, n := range list.names {
			if strings.TrimSpace(n) == "" {
				return nil, fmt.Errorf("%s entry %d is empty", list.key, i+1)
			}
		}
	}
	return &c, nil
}

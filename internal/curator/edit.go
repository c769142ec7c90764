package curator

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// An edit is one fix a button makes to the curation file. Edits work on
// the YAML tree, not on a decoded struct, so the curator's comments and
// order survive.
type edit func(root *yaml.Node) error

// applyEdit parses data, applies e and encodes the result.
func applyEdit(data []byte, e edit) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &invalidError{err}
	}
	var head []byte
	if doc.Kind == 0 {
		// No document: an empty file, or only comments, which the parser
		// drops; they are kept at the top of the result.
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
		if head = bytes.TrimSpace(data); len(head) > 0 {
			head = append(head, '\n')
		}
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		*root = yaml.Node{Kind: yaml.MappingNode}
	}
	if root.Kind != yaml.MappingNode {
		return nil, &invalidError{fmt.Errorf("line %d: the file must be a set of sections", root.Line)}
	}
	if err := e(root); err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(head)
	enc := yaml.NewEncoder(buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// section returns the value of key in m, adding it (or replacing an empty
// "key:") with a node of kind when missing.
func section(m *yaml.Node, key string, kind yaml.Kind) (*yaml.Node, error) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			continue
		}
		v := m.Content[i+1]
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			*v = yaml.Node{Kind: kind}
		}
		if v.Kind != kind {
			return nil, &invalidError{fmt.Errorf("line %d: %s has the wrong shape", v.Line, key)}
		}
		return v, nil
	}
	v := &yaml.Node{Kind: kind}
	m.Content = append(m.Content, scalar(key), v)
	return v, nil
}

// setEntry sets key to value in the mapping sectionKey. A key differing
// only in letter case is the same key, as the build matches names.
func setEntry(sectionKey, key, value string) edit {
	return func(root *yaml.Node) error {
		m, err := section(root, sectionKey, yaml.MappingNode)
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if strings.EqualFold(m.Content[i].Value, key) {
				m.Content[i+1] = scalar(value)
				return nil
			}
		}
		m.Content = append(m.Content, scalar(key), scalar(value))
		return nil
	}
}

// addToList adds value to the list at sectionKey, or, with key set, to
// the list under key in the mapping sectionKey; a value already there
// (in any letter case) is not added twice.
func addToList(sectionKey, key, value string) edit {
	return func(root *yaml.Node) error {
		var list *yaml.Node
		var err error
		if key == "" {
			list, err = section(root, sectionKey, yaml.SequenceNode)
		} else {
			var m *yaml.Node
			if m, err = section(root, sectionKey, yaml.MappingNode); err == nil {
				for i := 0; i+1 < len(m.Content); i += 2 {
					if strings.EqualFold(m.Content[i].Value, key) {
						key = m.Content[i].Value
					}
				}
				list, err = section(m, key, yaml.SequenceNode)
			}
		}
		if err != nil {
			return err
		}
		for _, n := range list.Content {
			if strings.EqualFold(n.Value, value) {
				return nil
			}
		}
		list.Content = append(list.Content, scalar(value))
		return nil
	}
}

// addQA appends a question–answer pair.
func addQA(question, answer string) edit {
	return func(root *yaml.Node) error {
		list, err := section(root, "qa", yaml.SequenceNode)
		if err != nil {
			return err
		}
		list.Content = append(list.Content, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			scalar("question"), scalar(question), scalar("answer"), scalar(answer),
		}})
		return nil
	}
}

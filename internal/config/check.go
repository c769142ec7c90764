package config

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a configuration. Line is the line of the
// offending key or value in the file, or 0 when the value did not come from
// the file (a default or an environment variable, named in Source).
type Problem struct {
	Line   int
	Path   string // dotted key, "telegram.webhook.public_url"
	Source string // "" for the file, "env NAME" for an environment override
	Msg    string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		if p.Source != "" {
			fmt.Fprintf(&b, " (from %s)", p.Source)
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in one configuration, in file order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Check parses a configuration file, applies the environment through
// getenv (nil: none) and returns the resulting Config with every problem
// found. Unknown keys, values of the wrong type and values the rules reject
// are all problems; each names the line it is on when it comes from the file.
func Check(data []byte, getenv func(string) string) (Config, Problems) {
	c := Default()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return c, Problems{syntaxProblem(err, data)}
	}
	w := walker{nodes: map[string]*yaml.Node{}}
	if root := docRoot(&doc); root != nil {
		w.walk(root, reflect.TypeFor[Config](), "")
		// Decoding skips unknown keys and leaves a value of the wrong type
		// at its default, so the rules below still see a sound config and
		// every problem is reported in one run. The walk has reported
		// whatever the decoder could complain about.
		if err := root.Decode(&c); err != nil && len(w.problems) == 0 {
			w.problems = append(w.problems, Problem{Line: root.Line, Msg: err.Error()})
		}
	}
	fromEnv := map[string]string{}
	if getenv != nil {
		for _, p := range c.applyEnv(getenv) {
			if p.Msg != "" {
				w.problems = append(w.problems, p)
				continue
			}
			fromEnv[p.Path] = p.Source
		}
	}
	for _, p := range c.check() {
		if src, ok := fromEnv[p.Path]; ok {
			p.Source = src
		} else if n := w.nodes[p.Path]; n != nil {
			p.Line = n.Line
		}
		w.problems = append(w.problems, p)
	}
	sortProblems(w.problems)
	return c, w.problems
}

func sortProblems(ps Problems) {
	sort.SliceStable(ps, func(i, j int) bool {
		// Problems without a line (defaults, environment) go last.
		li, lj := ps[i].Line, ps[j].Line
		if (li == 0) != (lj == 0) {
			return lj == 0
		}
		return li < lj
	})
}

// syntaxProblem turns a YAML parse error ("yaml: line 3: …") into a Problem
// with the line split out. The parser's tab errors are cryptic ("found
// character that cannot start any token") and, for a tab on the first
// line, carry no line at all, so a tab in the indentation is named as such.
func syntaxProblem(err error, data []byte) Problem {
	p := Problem{Msg: "YAML syntax: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	if rest, ok := strings.CutPrefix(strings.TrimPrefix(err.Error(), "yaml: "), "line "); ok {
		num, after, _ := strings.Cut(rest, ":")
		if n, err := strconv.Atoi(num); err == nil {
			p = Problem{Line: n, Msg: "YAML syntax: " + strings.TrimSpace(after)}
		}
	}
	// The parser's line for a tab error can be the line before the tab.
	tabErr := strings.Contains(p.Msg, "tab character")
	if tabErr || strings.Contains(p.Msg, "cannot start any token") {
		if n := tabIndentedLine(data); n > 0 && (tabErr || p.Line == 0 || n == p.Line) {
			p = Problem{Line: n, Msg: "YAML syntax: indented with a tab; YAML indents with spaces only"}
		}
	}
	return p
}

// tabIndentedLine is the number of the first line whose indentation holds a
// tab, or 0.
func tabIndentedLine(data []byte) int {
	for i, line := range strings.Split(string(data), "\n") {
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if strings.Contains(indent, "\t") {
			return i + 1
		}
	}
	return 0
}

func docRoot(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil // an empty file: all defaults
	}
	return doc.Content[0]
}

// walker compares the YAML tree with the Config type. The schema is the
// struct's yaml tags, so a field added to any section is known here without
// further code.
type walker struct {
	nodes    map[string]*yaml.Node // value node of every dotted path seen
	problems Problems
}

var durationType = reflect.TypeFor[time.Duration]()

func (w *walker) add(n *yaml.Node, path, format string, args ...any) {
	w.problems = append(w.problems, Problem{Line: n.Line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (w *walker) walk(n *yaml.Node, t reflect.Type, path string) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if path != "" {
		w.nodes[path] = n
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // "key:" with no value keeps the default
	}
	switch {
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			w.add(n, path, "want a section of keys, got %s", describe(n))
			return
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := fields[k.Value]
			if !ok {
				w.unknown(k, path, fields)
				continue
			}
			w.walk(v, f.Type, join(path, k.Value))
		}
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.add(n, path, "want a list, got %s", describe(n))
			return
		}
		for i, item := range n.Content {
			w.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case t.Kind() == reflect.Map:
		if n.Kind != yaml.MappingNode {
			w.add(n, path, "want a map, got %s", describe(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			w.walk(n.Content[i+1], t.Elem(), join(path, n.Content[i].Value))
		}
	default:
		if n.Kind != yaml.ScalarNode {
			w.add(n, path, "want %s, got %s", typeName(t), describe(n))
			return
		}
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			w.add(n, path, "want %s, got %q", typeName(t), n.Value)
		}
	}
}

func (w *walker) unknown(k *yaml.Node, section string, fields map[string]reflect.StructField) {
	where := "at the top level"
	if section != "" {
		where = "in " + section
	}
	msg := fmt.Sprintf("unknown key %q %s", k.Value, where)
	if s := closest(k.Value, fields); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	w.problems = append(w.problems, Problem{Line: k.Line, Path: join(section, k.Value), Msg: msg})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// yamlFields maps yaml key to struct field.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f
	}
	return out
}

// Paths lists the dotted key of every setting (leaves only), in struct
// order. Tests use it to prove config.example.yaml documents them all.
func Paths() []string {
	var out []string
	var visit func(t reflect.Type, prefix string)
	visit = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			p := join(prefix, name)
			if f.Type.Kind() == reflect.Struct && f.Type != durationType {
				visit(f.Type, p)
				continue
			}
			out = append(out, p)
		}
	}
	visit(reflect.TypeFor[Config](), "")
	return out
}

func typeName(t reflect.Type) string {
	switch {
	case t == durationType:
		return `a duration such as "30s" or "5m"`
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.String:
		return "a string"
	}
	return t.String()
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a section of keys"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

// closest suggests the known key nearest to a misspelt one, if any is near.
func closest(key string, fields map[string]reflect.StructField) string {
	best, bestD := "", len(key)/2+2 // beyond this it is a guess, not a typo
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names) // ties resolve the same way every run
	for _, name := range names {
		if d := editDistance(strings.ToLower(key), name); d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

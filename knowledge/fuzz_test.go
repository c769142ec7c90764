package knowledge_test

import (
	"testing"
	"time"

	"github.com/reportbot/reportbot/knowledge"
)

// maxFuzzInput bounds one input, so the fuzzer explores structure rather
// than spending its time and memory on megabytes of text.
const maxFuzzInput = 64 << 10

// FuzzParse feeds arbitrary bytes to report parsing and extraction. Parse
// must never panic, must return a report or an error, and everything it
// extracts must point at sentences that exist. Seeds: the committed corpus
// in testdata/fuzz/FuzzParse, short reports of several shapes. (The bundled
// report is not a seed: at 8 KB every mutation of it costs the fuzzer tens
// of milliseconds, and it is parsed by the knowledge tests anyway.)
func FuzzParse(f *testing.F) {
	added := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			t.Skip()
		}
		r, err := knowledge.Parse("fuzz.txt", data, added)
		if err != nil {
			if r != nil {
				t.Fatalf("Parse returned both a report and an error: %v", err)
			}
			return
		}
		if r == nil {
			t.Fatal("Parse returned neither a report nor an error")
		}
		checkIndexes(t, r)
	})
}

// checkIndexes asserts that every sentence reference in r is in range.
func checkIndexes(t *testing.T, r *knowledge.Report) {
	t.Helper()
	n := len(r.Sentences)
	in := func(what string, i int) {
		if i < 0 || i >= n {
			t.Fatalf("%s points at sentence %d of %d", what, i, n)
		}
	}
	for _, p := range r.People {
		for _, i := range p.Sentences {
			in("person "+p.Name, i)
		}
		for _, role := range p.Roles {
			in("role of "+p.Name, role.Sentence)
		}
		for _, a := range p.Actions {
			in("action of "+p.Name, a.Sentence)
		}
	}
	for _, term := range r.Terms {
		for _, i := range term.Sentences {
			in("term "+term.Text, i)
		}
	}
}

package knowledge_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/reportbot/reportbot/knowledge"
)

// maxFuzzInput bounds one mutated input, so FuzzParse explores structure
// rather than spending its time on megabytes of text; FuzzParseLong
// reaches large inputs by repeating a small one.
const maxFuzzInput = 64 << 10

// maxLongInput bounds FuzzParseLong's inputs: long enough that anything
// super-linear in a paragraph or a sentence shows as a slow input (the
// fuzzer reports those), short enough to keep many executions a second.
const maxLongInput = 256 << 10

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
			data = data[:maxFuzzInput] // still parsed: a cut may end mid-rune
		}
		parseAndCheck(t, data, added)
	})
}

// FuzzParseLong repeats a fuzzed piece of text into one long paragraph or
// one long sentence, the shapes that once made loading cubic or quadratic.
func FuzzParseLong(f *testing.F) {
	added := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Add([]byte("Vice Chairman Ana Lima presided over the meeting and Tom Berg, director of the Port Authority, spoke. "), uint16(800), false)
	f.Add([]byte("Ana Lima, chairman of the Harbor Union, and Tom Berg said the port would grow and "), uint16(1000), true)
	f.Add([]byte("It was attended by Deputy Mayor Ana Lima, "), uint16(2000), true)
	f.Fuzz(func(t *testing.T, piece []byte, reps uint16, glue bool) {
		if len(piece) == 0 {
			return
		}
		n := int(reps) + 1
		if n*len(piece) > maxLongInput {
			n = maxLongInput / len(piece)
		}
		data := bytes.Repeat(piece, max(n, 1))
		if glue {
			// One sentence: no full stop anywhere.
			data = bytes.Map(func(r rune) rune {
				if r == '.' || r == '!' || r == '?' || r == '\n' {
					return ' '
				}
				return r
			}, data)
		}
		parseAndCheck(t, data, added)
	})
}

func parseAndCheck(t *testing.T, data []byte, added time.Time) {
	t.Helper()
	{
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
	}
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

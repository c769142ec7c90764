package knowledge

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestDateHeaderSharesLineWithText(t *testing.T) {
	r, err := Parse("x.txt", []byte(" date 2022-11-26 On November 25, the Board held a meeting. It ended."), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Date != "2022-11-26" {
		t.Errorf("date = %q", r.Date)
	}
	want := []string{"On November 25, the Board held a meeting.", "It ended."}
	if got := sentenceTexts(r); !reflect.DeepEqual(got, want) {
		t.Errorf("sentences = %q, want %q", got, want)
	}
}

func TestDateHeaderOnItsOwnLineAndMissing(t *testing.T) {
	r, err := Parse("x.txt", []byte("date 2021-01-02\n\nThe Board met."), time.Time{})
	if err != nil || r.Date != "2021-01-02" || r.Sentences[0].Text != "The Board met." {
		t.Fatalf("got %+v, %v", r, err)
	}
	r, err = Parse("x.txt", []byte("The date of the vote is unknown. The Board met."), time.Time{})
	if err != nil || r.Date != "" || len(r.Sentences) != 2 {
		t.Fatalf("no header: got date %q, %d sentences, %v", r.Date, len(r.Sentences), err)
	}
}

func TestBadDateHeaderIsAnError(t *testing.T) {
	_, err := Parse("x.txt", []byte("date 2021-13-45 The Board met."), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "x.txt") {
		t.Fatalf("want an error naming the file, got %v", err)
	}
}

func TestSplitSentencesKeepsAbbreviations(t *testing.T) {
	in := `Mr. Smith met Dr. Jones on Dec. 5 in the U.S. Senate. They discussed item No. 7, etc. and left. “Is it done?” she asked. It ended at 3.30 p.m. Then a vote.`
	want := []string{
		"Mr. Smith met Dr. Jones on Dec. 5 in the U.S. Senate.",
		"They discussed item No. 7, etc. and left.",
		"“Is it done?” she asked.",
		"It ended at 3.30 p.m. Then a vote.",
	}
	if got := SplitSentences(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestParagraphsAndMarkdownTitle(t *testing.T) {
	r, err := Parse("notes.md", []byte("# The Title\n\nFirst line\nwraps here. Second.\n\n- A **bold** point."), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "The Title" {
		t.Errorf("title = %q", r.Title)
	}
	want := []Sentence{{0, "First line wraps here."}, {0, "Second."}, {1, "A bold point."}}
	if !reflect.DeepEqual(r.Sentences, want) {
		t.Errorf("sentences = %+v", r.Sentences)
	}
}

func TestBadFilesAreRejectedByName(t *testing.T) {
	cases := map[string]error{
		"empty.txt":  ErrEmpty,
		"blank.md":   ErrEmpty,
		"binary.txt": ErrBinary,
		"latin1.txt": ErrBinary,
	}
	for name, want := range cases {
		path := filepath.Join("testdata", "bad", name)
		_, err := LoadFile(path, LoadOptions{})
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != path || !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v naming the file", name, err, want)
		}
	}
}

func TestFileOverSizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(path, bytes.Repeat([]byte("The Board met. "), 100), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path, LoadOptions{MaxFileSize: 1000}); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "big.txt") {
		t.Fatalf("got %v", err)
	}
	if _, err := LoadFile(path, LoadOptions{MaxFileSize: 2000}); err != nil {
		t.Fatalf("under the limit: %v", err)
	}
}

func TestFolderWithBadFilesLosesNothingElse(t *testing.T) {
	reports, err := LoadPaths([]string{filepath.Join("testdata", "bad")}, LoadOptions{})
	if len(reports) != 1 || reports[0].ID != "ok" {
		t.Fatalf("want the one good report, got %d", len(reports))
	}
	for _, name := range []string{"empty.txt", "blank.md", "binary.txt", "latin1.txt"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error should name %s: %v", name, err)
		}
	}
}

func TestOpenFailsOnBadReport(t *testing.T) {
	_, err := Open(OpenOptions{Reports: []string{filepath.Join("testdata", "bad", "binary.txt")}})
	if !errors.Is(err, ErrBinary) {
		t.Fatalf("got %v", err)
	}
}

func TestBundledReportIsByteForByteTheSharedOne(t *testing.T) {
	entries, err := BundledFS().ReadDir("reports")
	if err != nil || len(entries) == 0 {
		t.Fatalf("no bundled report: %v", err)
	}
	for _, e := range entries {
		shared := filepath.Join("..", "..", "shared", "reports", e.Name())
		want, err := os.ReadFile(shared)
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("shared report missing in CI: %v", err)
			}
			t.Skipf("shared/ not beside the checkout: %v", err)
		}
		got, _ := BundledFS().ReadFile("reports/" + e.Name())
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s", e.Name(), shared)
		}
	}
}

func TestKnowledgeFileRoundTrip(t *testing.T) {
	kb, err := Open(OpenOptions{Reports: []string{filepath.Join("testdata", "good")}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, kb); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Reports, kb.Reports) {
		t.Error("knowledge file does not round-trip")
	}
	if _, err := Read(strings.NewReader(`{"format": 99, "reports": []}`)); err == nil {
		t.Error("a newer format must be refused")
	}
	if _, err := Read(strings.NewReader(`{not json`)); err == nil {
		t.Error("malformed file must be an error")
	}
}

func sentenceTexts(r *Report) []string {
	var out []string
	for _, s := range r.Sentences {
		out = append(out, s.Text)
	}
	return out
}

// Text with terminal codes is valid UTF-8: the error says what is wrong
// and where, not "binary data".
func TestControlCharactersAreNamed(t *testing.T) {
	text := "date 2024-03-01\nThe council met.\n\x1b[1m\x1b[0m\x07\x07\x1b\x1b\n"
	_, err := Parse("colours.txt", []byte(text), time.Time{})
	if !errors.Is(err, ErrControl) || errors.Is(err, ErrBinary) {
		t.Fatalf("got %v", err)
	}
	for _, want := range []string{"colours.txt", "ESC (U+001B)", "line 3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "binary") {
		t.Errorf("%q still says binary", err)
	}
}

// A FIFO (or any non-regular file) in a report folder is refused at once;
// opening it would block until a writer came.
func TestFIFOIsRefusedNotWaitedOn(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("date 2024-03-01\nAna Lima presided over the meeting.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	reports, err := LoadPaths([]string{dir}, LoadOptions{})
	if len(reports) != 1 || err == nil || !strings.Contains(err.Error(), "pipe.txt: not a regular file") {
		t.Fatalf("reports %d, err %v", len(reports), err)
	}
}

// With Skip, a bad file is reported and left out; Open still fails when
// nothing loads.
func TestOpenSkipsBadFilesWhenAsked(t *testing.T) {
	var skipped []string
	kb, err := Open(OpenOptions{Reports: []string{filepath.Join("testdata", "bad")}, Skip: func(err error) {
		var fe *FileError
		if errors.As(err, &fe) {
			skipped = append(skipped, filepath.Base(fe.File))
		}
	}})
	if err != nil || len(kb.Reports) != 1 {
		t.Fatalf("kb %v, err %v", kb, err)
	}
	if len(skipped) != 4 {
		t.Errorf("skipped %v, want the four bad files", skipped)
	}
	_, err = Open(OpenOptions{Reports: []string{filepath.Join("testdata", "bad", "binary.txt")}, Skip: func(error) {}})
	if !errors.Is(err, ErrBinary) {
		t.Fatalf("nothing loaded: got %v", err)
	}
}

// Loading obeys its context even while something blocks: here the
// curation file is a FIFO nobody writes to.
func TestOpenContextReturnsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "curation.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := OpenContext(ctx, OpenOptions{Curation: fifo})
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	// Unblock the abandoned reader so the test leaves nothing behind.
	if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
	if _, err := LoadPathsContext(ctx, []string{filepath.Join("testdata", "good")}, LoadOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("LoadPathsContext after cancel: %v", err)
	}
}

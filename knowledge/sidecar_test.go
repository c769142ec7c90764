package knowledge

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// writeKBFiles writes kb as a knowledge file and its index file, the way
// `reportbot build` does (modification time stamped).
func writeKBFiles(t *testing.T, path string, kb *KB) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var sum Checksum
	if err := Write(io.MultiWriter(f, &sum), kb); err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	sum.Stamp(fi)
	f.Close()
	var side bytes.Buffer
	if err := WriteIndex(&side, kb, sum); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(IndexPath(path), side.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// An edit that keeps the knowledge file's size still shows: its time
// changed, so the CRC is checked and the JSON read. Unchanged, the file is
// loaded from the snapshot without being read through.
func TestSidecarTrustsOnlyAnUnchangedFile(t *testing.T) {
	kb, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kb.json")
	writeKBFiles(t, path, kb)

	fi, _ := os.Stat(path)
	json, _ := os.Open(path)
	snap, ix := readSidecar(IndexPath(path), json, fi)
	json.Close()
	if snap == nil || ix == nil {
		t.Fatalf("unchanged file: snapshot %v, index %v", snap != nil, ix != nil)
	}

	data, _ := os.ReadFile(path)
	first := kb.Reports[0].Sentences[0].Text
	edited := bytes.Replace(data, []byte(first[:5]), []byte("XXXXX"), 1)
	if len(edited) != len(data) || bytes.Equal(edited, data) {
		t.Fatal("the edit must keep the size")
	}
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	later := fi.ModTime().Add(time.Second)
	os.Chtimes(path, later, later)
	got, err := Open(OpenOptions{KBFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if s := got.Reports[0].Sentences[0].Text; s[:5] != "XXXXX" {
		t.Errorf("same-size edit lost: %q", s)
	}
}

// A snapshot of many chunks comes back report for report, in order.
func TestSnapshotChunksRoundTrip(t *testing.T) {
	one, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var reports []*Report
	for i := 0; i < 2*snapshotChunk+7; i++ {
		r := *one.Reports[0]
		r.ID = fmt.Sprintf("copy-%d", i)
		r.Sentences = append([]Sentence{{Text: fmt.Sprintf("Copy %d.", i)}}, r.Sentences...)
		reports = append(reports, &r)
	}
	kb := &KB{Reports: reports, Synonyms: map[string]string{"a": "b"}}
	path := filepath.Join(t.TempDir(), "kb.json")
	writeKBFiles(t, path, kb)
	got, err := Open(OpenOptions{KBFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reports) != len(reports) {
		t.Fatalf("%d reports, want %d", len(got.Reports), len(reports))
	}
	for i, r := range got.Reports {
		if !reflect.DeepEqual(r, reports[i]) {
			t.Fatalf("report %d differs: %s", i, r.ID)
		}
	}
	if !reflect.DeepEqual(got.Synonyms, kb.Synonyms) {
		t.Errorf("synonyms %v", got.Synonyms)
	}
	// A damaged chunk loses the snapshot, not the knowledge: the JSON is
	// read instead.
	side, _ := os.ReadFile(IndexPath(path))
	at := bytes.Index(side, []byte("Copy 300."))
	side[at+5] = '9' // a damage gob itself would not notice
	os.WriteFile(IndexPath(path), side, 0o644)
	json, _ := os.Open(path)
	fi, _ := json.Stat()
	if snap, _ := readSidecar(IndexPath(path), json, fi); snap != nil {
		t.Error("a damaged snapshot was used")
	}
	json.Close()
	again, err := Open(OpenOptions{KBFile: path})
	if err != nil || len(again.Reports) != len(reports) || again.Reports[300].Sentences[0].Text != "Copy 300." {
		t.Fatalf("after damage: %v, %d reports", err, len(again.Reports))
	}
}

// A streamed build writes the same knowledge file, byte for byte, as
// building in memory and writing it, and an index file that loads.
func TestBuildFilesStreamsTheSameFiles(t *testing.T) {
	dir := t.TempDir()
	cur := filepath.Join(dir, "curation.yaml")
	os.WriteFile(cur, []byte("synonyms:\n  thanked: gratitude\nqa:\n  - question: Where is the full text?\n    answer: On the website.\n"), 0o644)
	c, err := LoadCuration(cur)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"testdata/good"}
	reports, err := LoadPaths(paths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := Write(&want, Build(reports, c)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "kb.json")
	st, err := BuildFiles(paths, LoadOptions{}, c, out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Reports != len(reports) {
		t.Errorf("%d reports, want %d", st.Reports, len(reports))
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("streamed knowledge file differs:\n%s\n---\n%s", got[:min(len(got), 400)], want.Bytes()[:min(want.Len(), 400)])
	}
	fi, _ := os.Stat(out)
	json, _ := os.Open(out)
	defer json.Close()
	kb, ix := readSidecar(IndexPath(out), json, fi)
	if kb == nil || ix == nil || kb.UseIndex(ix) != nil {
		t.Fatal("the streamed index file does not load")
	}
	if !reflect.DeepEqual(kb.Reports, reports) || !reflect.DeepEqual(kb.Synonyms, Build(nil, c).Synonyms) {
		t.Error("the snapshot differs from the reports")
	}
	if _, err := BuildFiles([]string{filepath.Join(dir, "missing")}, LoadOptions{}, nil, filepath.Join(dir, "bad.json")); err == nil {
		t.Error("a missing folder built")
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.json")); err == nil {
		t.Error("a failed build left a file")
	}
}

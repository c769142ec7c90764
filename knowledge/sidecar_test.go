package knowledge

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
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

package knowledge

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// BuildStats says what BuildFiles wrote.
type BuildStats struct {
	Reports, People int
}

// BuildFiles builds the knowledge file out and its index file (IndexPath)
// from the report files at paths, streaming: each report is read,
// extracted, written to the JSON, to the snapshot and to the index under
// construction, and dropped, so memory holds the index being built and
// one report, not the archive. The result reads back exactly as Build's
// would. Both files appear only when everything succeeded; a bad report
// file fails the build with an error naming it, as Open would.
func BuildFiles(paths []string, opts LoadOptions, cur *Curation, out string) (BuildStats, error) {
	var st BuildStats
	files, errs := reportFiles(paths, opts.Roots)
	if len(errs) > 0 {
		return st, errors.Join(errs...)
	}
	if len(files) == 0 {
		return st, fmt.Errorf("no reports found in %v", paths)
	}
	dir := filepath.Dir(out)
	jsonTmp, err := os.CreateTemp(dir, ".kb-*.json")
	if err != nil {
		return st, err
	}
	defer os.Remove(jsonTmp.Name())
	defer jsonTmp.Close()
	spool, err := os.CreateTemp(dir, ".kb-*.snapshot")
	if err != nil {
		return st, err
	}
	defer os.Remove(spool.Name())
	defer spool.Close()

	var sum Checksum
	jw := bufio.NewWriterSize(io.MultiWriter(jsonTmp, &sum), 1<<20)
	sw := snapshotWriter{w: bufio.NewWriterSize(spool, 1<<20)}
	var ib indexBuilder
	base := build(nil, cur) // the curation's QAs and synonyms
	// The JSON as Write lays it out, one report at a time.
	var enc bytes.Buffer
	je := json.NewEncoder(&enc)
	je.SetEscapeHTML(false)
	je.SetIndent("    ", "  ")
	fmt.Fprintf(jw, "{\n  \"format\": %d,\n  \"reports\": [", fileFormat)
	for _, f := range files {
		r, err := LoadFile(f.path, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r.Tags = MergeTags(r.Tags, f.tags)
		if cur != nil {
			applyCuration(r, cur)
		}
		enc.Reset()
		if err := je.Encode(r); err != nil {
			return st, fmt.Errorf("%s: %w", f.path, err)
		}
		sep := ","
		if st.Reports == 0 {
			sep = ""
		}
		fmt.Fprintf(jw, "%s\n    %s", sep, bytes.TrimSuffix(enc.Bytes(), []byte("\n")))
		if err := sw.add(r); err != nil {
			return st, err
		}
		ib.add(st.Reports, r)
		st.Reports++
		st.People += len(r.People)
	}
	if len(errs) > 0 {
		return st, errors.Join(errs...)
	}
	if st.Reports == 0 {
		jw.WriteString("]")
	} else {
		jw.WriteString("\n  ]")
	}
	for _, field := range []struct {
		name  string
		value any
		empty bool
	}{{"qas", base.QAs, len(base.QAs) == 0}, {"synonyms", base.Synonyms, len(base.Synonyms) == 0}} {
		if field.empty {
			continue
		}
		enc.Reset()
		je.SetIndent("  ", "  ")
		if err := je.Encode(field.value); err != nil {
			return st, err
		}
		fmt.Fprintf(jw, ",\n  %q: %s", field.name, bytes.TrimSuffix(enc.Bytes(), []byte("\n")))
	}
	jw.WriteString("\n}\n")
	if err := jw.Flush(); err != nil {
		return st, err
	}
	if fi, err := jsonTmp.Stat(); err == nil {
		sum.Stamp(fi)
	}
	if err := sw.flush(); err != nil {
		return st, err
	}
	if err := sw.w.(*bufio.Writer).Flush(); err != nil {
		return st, err
	}
	ix, err := ib.build()
	if err != nil {
		return st, err
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return st, err
	}
	sideTmp, err := os.CreateTemp(dir, ".kb-*.index")
	if err != nil {
		return st, err
	}
	defer os.Remove(sideTmp.Name())
	defer sideTmp.Close()
	sideW := bufio.NewWriterSize(sideTmp, 1<<20)
	head := snapshot{st.Reports, base.QAs, base.Synonyms}
	if err := writeSidecar(sideW, sum, head, bufio.NewReaderSize(spool, 1<<20), sw.size, sw.crc, ix); err != nil {
		return st, err
	}
	if err := sideW.Flush(); err != nil {
		return st, err
	}
	for _, f := range []*os.File{jsonTmp, sideTmp} {
		if err := f.Close(); err != nil {
			return st, err
		}
	}
	// CreateTemp makes files only their owner may read; a built file is
	// as readable as any other the user writes.
	for _, f := range []string{jsonTmp.Name(), sideTmp.Name()} {
		os.Chmod(f, 0o644)
	}
	if err := os.Rename(jsonTmp.Name(), out); err != nil {
		return st, err
	}
	return st, os.Rename(sideTmp.Name(), IndexPath(out))
}

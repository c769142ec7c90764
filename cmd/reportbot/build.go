package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/reportbot/reportbot/knowledge"
)

func runBuild(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("build", "[--out FILE] [--curation FILE] REPORT...", stderr)
	var kf kbFlags
	kf.register(fs, false)
	out := fs.String("out", "kb.json", "write the knowledge file here (- for standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	kf.reports = append(kf.reports, fs.Args()...)
	if *out != "-" && len(kf.reports) > 0 {
		// Reports on disk stream into the two files one at a time, so an
		// archive of any size builds in the memory its index needs.
		var cur *knowledge.Curation
		if kf.curation != "" {
			c, err := knowledge.LoadCuration(kf.curation)
			if err != nil {
				return err
			}
			cur = c
		}
		st, err := knowledge.BuildFiles(kf.reports, knowledge.LoadOptions{MaxFileSize: kf.maxFileSize}, cur, *out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s: %d reports, %d people\n", *out, st.Reports, st.People)
		return nil
	}
	kb, err := kf.load(ctx, nil)
	if err != nil {
		return err
	}
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	var sum knowledge.Checksum
	if err := knowledge.Write(io.MultiWriter(w, &sum), kb); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && *out != "-" {
		if fi, err := f.Stat(); err == nil {
			sum.Stamp(fi) // every byte is written: the time is final
		}
	}
	if *out != "-" {
		// The index and a binary snapshot go beside the knowledge file, so
		// the file stays readable JSON and loading skips both decoding the
		// JSON and re-indexing every sentence.
		if err := writeIndexFile(knowledge.IndexPath(*out), kb, sum); err != nil {
			return err
		}
	}
	if *out != "-" {
		people := 0
		for _, r := range kb.Reports {
			people += len(r.People)
		}
		fmt.Fprintf(stderr, "wrote %s: %d reports, %d people\n", *out, len(kb.Reports), people)
	}
	return nil
}

func writeIndexFile(path string, kb *knowledge.KB, json knowledge.Checksum) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := knowledge.WriteIndex(f, kb, json); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

package knowledge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/reportbot/reportbot/knowledge/formats"
)

// LoadOptions bounds what a report file may be.
type LoadOptions struct {
	MaxFileSize int64 // bytes; 0 means DefaultMaxFileSize
	// Roots are report folders whose subfolder names tag the files in
	// them even when a file is given alone (a reload loading files one by
	// one); a folder given to LoadPaths is always a root for its files.
	Roots []string
}

// DefaultMaxFileSize is the report size limit when none is configured.
const DefaultMaxFileSize = 10 << 20

func (o LoadOptions) max() int64 {
	if o.MaxFileSize <= 0 {
		return DefaultMaxFileSize
	}
	return o.MaxFileSize
}

// IsReportFile reports whether a file name looks like a report.
func IsReportFile(name string) bool {
	return formats.Supported(name) && !strings.HasPrefix(filepath.Base(name), ".")
}

// LoadFile reads and parses one report file.
func LoadFile(path string, opts LoadOptions) (*Report, error) {
	// Opening a FIFO blocks until a writer comes, so look before opening.
	if st, err := os.Stat(path); err == nil && !st.IsDir() && !st.Mode().IsRegular() {
		return nil, &FileError{File: path, Err: errors.New("not a regular file")}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	if st.IsDir() {
		return nil, &FileError{File: path, Err: errors.New("is a directory")}
	}
	// Replaced since the look above: a device would never end.
	if !st.Mode().IsRegular() {
		return nil, &FileError{File: path, Err: errors.New("not a regular file")}
	}
	// Read one byte past the limit so a file that grows while we read is
	// still caught, without reading a huge file into memory.
	data, err := io.ReadAll(io.LimitReader(f, opts.max()+1))
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	if int64(len(data)) > opts.max() {
		return nil, &FileError{File: path, Err: fmt.Errorf("%w (%d bytes)", ErrTooLarge, opts.max())}
	}
	return Parse(path, data, st.ModTime().UTC())
}

// LoadPaths reads report files and folders (.txt and .md, folders
// recursively). Files that fail are returned as one joined error of
// *FileError, beside every report that loaded: one bad file loses nothing else.
func LoadPaths(paths []string, opts LoadOptions) ([]*Report, error) {
	return LoadPathsContext(context.Background(), paths, opts)
}

// LoadPathsContext is LoadPaths that stops between files once ctx is done,
// returning ctx's error joined to the files' errors.
func LoadPathsContext(ctx context.Context, paths []string, opts LoadOptions) ([]*Report, error) {
	var reports []*Report
	files, errs := reportFiles(paths, opts.Roots)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return reports, errors.Join(append(errs, err)...)
		}
		r, err := LoadFile(f.path, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r.Tags = MergeTags(r.Tags, f.tags)
		reports = append(reports, r)
	}
	return reports, errors.Join(errs...)
}

// reportFile is one file to load and the tags its place gives it.
type reportFile struct {
	path string
	tags []string
}

// reportFiles lists the report files paths name, in the order they load:
// each path in turn, a folder's files sorted. A file inside a folder is
// tagged by its subfolders below that folder; a file named alone, by its
// subfolders below one of roots.
func reportFiles(paths, roots []string) ([]reportFile, []error) {
	var out []reportFile
	var errs []error
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &FileError{File: p, Err: err})
			continue
		}
		if !st.IsDir() {
			out = append(out, reportFile{path: p, tags: rootTags(roots, p)})
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &FileError{File: path, Err: err})
				return nil
			}
			if !d.IsDir() && IsReportFile(path) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
		sort.Strings(files)
		for _, f := range files {
			out = append(out, reportFile{path: f, tags: folderTags(p, f)})
		}
	}
	return out, errs
}

// LoadBundled reads the reports embedded in the binary.
func LoadBundled() ([]*Report, error) {
	entries, err := fs.ReadDir(bundled, "reports")
	if err != nil {
		return nil, err
	}
	var out []*Report
	for _, e := range entries {
		data, err := fs.ReadFile(bundled, "reports/"+e.Name())
		if err != nil {
			return nil, err
		}
		r, err := Parse(e.Name(), data, time.Time{})
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// OpenOptions says where a knowledge base comes from.
type OpenOptions struct {
	Reports     []string // files or folders; empty means the bundled report
	KBFile      string   // a file written by `reportbot build`
	Roots       []string // see LoadOptions.Roots
	Curation    string   // optional curation file
	MaxFileSize int64
	// Skip, when set, receives each report file that fails to load (a
	// *FileError) and the file is left out: one bad file never blocks the
	// rest, and Open fails only when no report loads. When nil, any bad
	// file fails Open.
	Skip func(err error)
}

// Open builds or loads the knowledge base the options describe. Without
// Skip, a report that fails to load is an error here.
func Open(o OpenOptions) (*KB, error) {
	return OpenContext(context.Background(), o)
}

// OpenContext is Open that gives up as soon as ctx is done (a signal at
// start-up), returning ctx's error. Reading stops between files; a file
// being parsed or a build under way is left to finish in the background
// and its result dropped, since the caller is about to exit.
func OpenContext(ctx context.Context, o OpenOptions) (*KB, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		kb  *KB
		err error
	}
	done := make(chan result, 1)
	go func() {
		kb, err := open(ctx, o)
		done <- result{kb, err}
	}()
	select {
	case r := <-done:
		return r.kb, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("loading the knowledge: %w", context.Cause(ctx))
	}
}

func open(ctx context.Context, o OpenOptions) (*KB, error) {
	var cur *Curation
	if o.Curation != "" {
		c, err := LoadCuration(o.Curation)
		if err != nil {
			return nil, err
		}
		cur = c
	}
	if o.KBFile != "" {
		return openKBFile(o.KBFile, cur)
	}
	var reports []*Report
	var err error
	if len(o.Reports) == 0 {
		reports, err = LoadBundled()
	} else {
		reports, err = LoadPathsContext(ctx, o.Reports, LoadOptions{MaxFileSize: o.MaxFileSize, Roots: o.Roots})
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		if o.Skip == nil || len(reports) == 0 {
			return nil, err
		}
		for _, e := range unjoin(err) {
			o.Skip(e)
		}
	}
	if len(reports) == 0 {
		return nil, fmt.Errorf("no reports found in %s", strings.Join(o.Reports, ", "))
	}
	return Build(reports, cur), nil
}

// unjoin splits an errors.Join result into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// fileFormat versions the knowledge file so an old binary refuses a newer file.
const fileFormat = 1

type kbFile struct {
	Format int `json:"format"`
	*KB
}

// Write writes a knowledge file: indented JSON a person can review.
func Write(w io.Writer, kb *KB) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(kbFile{Format: fileFormat, KB: kb})
}

// Read reads a knowledge file written by Write.
func Read(r io.Reader) (*KB, error) {
	var f kbFile
	f.KB = &KB{}
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("knowledge file: %w", err)
	}
	if f.Format != fileFormat {
		return nil, fmt.Errorf("knowledge file: format %d, this reportbot reads %d; rebuild it with `reportbot build`", f.Format, fileFormat)
	}
	return f.KB, nil
}

// ReadFile reads a knowledge file from disk.
func ReadFile(path string) (*KB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	kb, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return kb, nil
}

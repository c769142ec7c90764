package knowledge

import (
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
)

// LoadOptions bounds what a report file may be.
type LoadOptions struct {
	MaxFileSize int64 // bytes; 0 means DefaultMaxFileSize
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
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md":
		return !strings.HasPrefix(filepath.Base(name), ".")
	}
	return false
}

// LoadFile reads and parses one report file.
func LoadFile(path string, opts LoadOptions) (*Report, error) {
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
	var reports []*Report
	files, errs := reportFiles(paths)
	for _, f := range files {
		r, err := LoadFile(f, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		reports = append(reports, r)
	}
	return reports, errors.Join(errs...)
}

// reportFiles lists the report files paths name, in the order they load:
// each path in turn, a folder's files sorted.
func reportFiles(paths []string) ([]string, []error) {
	var out []string
	var errs []error
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &FileError{File: p, Err: err})
			continue
		}
		if !st.IsDir() {
			out = append(out, p)
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
		out = append(out, files...)
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
	Curation    string   // optional curation file
	MaxFileSize int64
}

// Open builds or loads the knowledge base the options describe. A report
// that fails to load is an error here: at start-up a person is watching and
// wants to know. (The live watcher instead skips bad files and keeps serving.)
func Open(o OpenOptions) (*KB, error) {
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
		reports, err = LoadPaths(o.Reports, LoadOptions{MaxFileSize: o.MaxFileSize})
	}
	if err != nil {
		return nil, err
	}
	if len(reports) == 0 {
		return nil, fmt.Errorf("no reports found in %s", strings.Join(o.Reports, ", "))
	}
	return Build(reports, cur), nil
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

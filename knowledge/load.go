package knowledge

import (
	"errors"
	"io"
	"time"
)

// LoadOptions bounds what a report file may be.
type LoadOptions struct {
	MaxFileSize int64 // bytes; 0 means the 10 MiB default
}

// DefaultMaxFileSize is the report size limit when none is configured.
const DefaultMaxFileSize = 10 << 20

// Parse reads one report from its bytes. name is used for the report ID and
// in errors.
func Parse(name string, data []byte, added time.Time) (*Report, error) {
	return nil, errors.New("not implemented")
}

// LoadPaths reads report files and folders (.txt and .md).
func LoadPaths(paths []string, opts LoadOptions) ([]*Report, error) {
	return nil, errors.New("not implemented")
}

// LoadBundled reads the reports embedded in the binary.
func LoadBundled() ([]*Report, error) {
	return nil, errors.New("not implemented")
}

// Build assembles a KB from reports and an optional curation.
func Build(reports []*Report, cur *Curation) *KB {
	return &KB{Reports: reports}
}

// Curation is what a person wrote in the curation file.
type Curation struct{}

// OpenOptions says where a knowledge base comes from.
type OpenOptions struct {
	Reports     []string // files or folders; empty means the bundled report
	KBFile      string   // a file written by `reportbot build`
	Curation    string   // optional curation file
	MaxFileSize int64
}

// Open builds or loads the knowledge base the options describe.
func Open(o OpenOptions) (*KB, error) {
	return nil, errors.New("not implemented")
}

// Write writes a knowledge file that a person can review.
func Write(w io.Writer, kb *KB) error {
	return errors.New("not implemented")
}

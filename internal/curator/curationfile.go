package curator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/reportbot/reportbot/knowledge"
)

// ErrConflict means the file changed since the curator loaded it.
var ErrConflict = errors.New("the curation file was changed by someone else since you opened it")

// ErrReadOnly means no curation file is configured.
var ErrReadOnly = errors.New("no curation file is configured (knowledge.curation), so nothing can be saved")

// curationFile reads and writes the curation file. Every write is checked
// with knowledge.ParseCuration first, replaces the file atomically (a
// crash leaves the old file or the new one, never half of one) and keeps
// the previous content beside it as FILE.prev.
type curationFile struct {
	path string
	// mu serialises this process's read-modify-write cycles; the version
	// check catches writers this lock cannot see (another replica, a
	// person with an editor).
	mu sync.Mutex
}

// version names one content of the file; "" is a file that does not exist.
func version(data []byte, exists bool) string {
	if !exists {
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// read returns the content and its version; a missing file is empty.
func (f *curationFile) read() (data []byte, ver string, err error) {
	if f.path == "" {
		return nil, "", ErrReadOnly
	}
	data, err = os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return data, version(data, true), nil
}

// save writes data if the file is still at version ver.
func (f *curationFile) save(data []byte, ver string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.saveLocked(data, ver)
}

func (f *curationFile) saveLocked(data []byte, ver string) error {
	old, cur, err := f.read()
	if err != nil {
		return err
	}
	if cur != ver {
		return ErrConflict
	}
	if _, err := knowledge.ParseCuration(data); err != nil {
		return &invalidError{err}
	}
	if cur != "" {
		if err := writeAtomic(f.path+".prev", old); err != nil {
			return fmt.Errorf("keeping the previous version: %w", err)
		}
	}
	return writeAtomic(f.path, data)
}

// edit applies change to the current content and saves the result. The
// change works on the file's text, so it keeps the curator's comments.
func (f *curationFile) edit(change func([]byte) ([]byte, error)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, ver, err := f.read()
	if err != nil {
		return err
	}
	next, err := change(data)
	if err != nil {
		return err
	}
	return f.saveLocked(next, ver)
}

// invalidError is a curation text that fails the checks.
type invalidError struct{ err error }

func (e *invalidError) Error() string { return "the curation file is not valid: " + e.err.Error() }
func (e *invalidError) Unwrap() error { return e.err }

// writeAtomic writes to a temporary file in the same folder, syncs it and
// renames it over path, keeping path's permissions when it exists.
func writeAtomic(path string, data []byte) error {
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

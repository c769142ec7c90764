//go:build unix

package knowledge

import (
	"os"
	"syscall"
)

// mapFile maps a file read-only, so loading decodes straight from the page
// cache: no read copies, and no buffer the size of the index on the heap.
// release unmaps it; nothing decoded may point into the mapping.
func mapFile(f *os.File, size int64) (data []byte, release func(), err error) {
	if size == 0 {
		return nil, func() {}, nil
	}
	if int64(int(size)) != size {
		return readFile(f, size)
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return readFile(f, size) // some file systems cannot map
	}
	return data, func() { syscall.Munmap(data) }, nil
}

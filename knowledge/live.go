package knowledge

import "sync/atomic"

// Live is a Source whose KB is replaced atomically on reload.
type Live struct {
	p atomic.Pointer[KB]
}

// NewLive returns a Live serving kb.
func NewLive(kb *KB) *Live {
	l := &Live{}
	l.p.Store(kb)
	return l
}

// KB implements Source.
func (l *Live) KB() *KB { return l.p.Load() }

// Swap installs a new KB; questions already running keep the old one.
func (l *Live) Swap(kb *KB) { l.p.Store(kb) }

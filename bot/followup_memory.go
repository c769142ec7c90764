package bot

import (
	"context"
	"sync"
	"time"
)

// MemoryConversations is a ConversationStore in memory, for one process
// (the console, tests). It forgets expired states when it saves.
type MemoryConversations struct {
	mu sync.Mutex
	m  map[ConversationKey]memoryState
}

type memoryState struct {
	state   []byte
	expires time.Time
}

// NewMemoryConversations returns an empty store.
func NewMemoryConversations() *MemoryConversations {
	return &MemoryConversations{m: map[ConversationKey]memoryState{}}
}

// LoadConversation implements ConversationStore.
func (s *MemoryConversations) LoadConversation(_ context.Context, k ConversationKey, now time.Time) ([]byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.m[k]
	if !ok || !now.Before(st.expires) {
		return nil, false, nil
	}
	return append([]byte(nil), st.state...), true, nil
}

// SaveConversation implements ConversationStore.
func (s *MemoryConversations) SaveConversation(_ context.Context, k ConversationKey, state []byte, now time.Time, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, st := range s.m {
		if !now.Before(st.expires) {
			delete(s.m, key)
		}
	}
	s.m[k] = memoryState{state: append([]byte(nil), state...), expires: now.Add(ttl)}
	return nil
}

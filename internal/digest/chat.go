package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
)

// ChatState is what a chat's digest depends on besides the knowledge.
type ChatState interface {
	LastDigest(ctx context.Context, c store.Chat) (time.Time, bool, error)
	ArchiveShown(ctx context.Context, c store.Chat) (map[string]bool, error)
}

// ForChat builds the digest a chat is owed at now: what is new since its
// last digest, else (if so configured) an archive item it has not seen.
func ForChat(ctx context.Context, st ChatState, kb *knowledge.KB, chat store.Chat, now time.Time, loc *time.Location, o Options) (Digest, error) {
	since, _, err := st.LastDigest(ctx, chat)
	if err != nil {
		return Digest{}, fmt.Errorf("digest for %s: %w", chat, err)
	}
	var shown map[string]bool
	if o.WhenNothingNew == Archive {
		if shown, err = st.ArchiveShown(ctx, chat); err != nil {
			return Digest{}, fmt.Errorf("digest for %s: %w", chat, err)
		}
	}
	return Build(Request{KB: kb, Since: since, Now: now, Loc: loc, Shown: shown}, o), nil
}

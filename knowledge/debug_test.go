package knowledge

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugMentions(t *testing.T) {
	s := os.Getenv("DEBUG_SENT")
	if s == "" {
		t.Skip()
	}
	ms := findMentions(0, s)
	for _, m := range ms {
		fmt.Printf("old: %+v\n", m)
	}
	ctx := &nameCtx{lowerWords: map[string]bool{}}
	ws := words(s)
	for _, c := range chunks(s, ws, ctx) {
		ev := judge(s, ws, &c, ctx)
		fmt.Printf("chunk %q %d\n", c.name, ev)
	}
	for _, m := range findPeople(0, s, ctx, keepPlausible(ms, ctx)) {
		fmt.Printf("new: %+v\n", m)
	}
}

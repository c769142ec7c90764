package knowledge

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// hostileReport builds a report of about size bytes in one of two shapes
// that once made loading super-linear: one paragraph of many sentences, or
// one sentence with no full stop at all. Names are all different, so every
// per-person step is exercised.
func hostileReport(size int, oneSentence bool) []byte {
	var b strings.Builder
	b.WriteString("date 2022-01-02 ")
	shapes := []string{
		"%s, chairman of the Harbor Union, said the port would grow",
		"Vice Chairman %s presided over the meeting and delivered a speech",
		"The members noted that %s attended the session in the town hall",
		"It was attended by %s and others",
		"Deputy mayor %s met with %s",
	}
	end := ". "
	if oneSentence {
		end = " and "
	}
	name := func(i int) string {
		// Letters only: digits would not make a name.
		return fmt.Sprintf("Ana%c%c%c Lima%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26, 'a'+i/17%26, 'a'+i/442%26)
	}
	for i := 0; b.Len() < size; i++ {
		s := shapes[i%len(shapes)]
		if strings.Count(s, "%s") == 2 {
			fmt.Fprintf(&b, s, name(i), name(i+1))
		} else {
			fmt.Fprintf(&b, s, name(i))
		}
		b.WriteString(end)
	}
	b.WriteString(".\n")
	return []byte(b.String())
}

// BenchmarkLongInput loads hostile shapes up to the size limit. Time per
// byte must stay flat as the size grows: compare the ns/op of the sizes.
func BenchmarkLongInput(b *testing.B) {
	for _, shape := range []struct {
		name string
		one  bool
	}{{"paragraph", false}, {"sentence", true}} {
		for _, size := range []int{100 << 10, 1 << 20, DefaultMaxFileSize} {
			data := hostileReport(size, shape.one)
			b.Run(fmt.Sprintf("%s-%dKiB", shape.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if _, err := Parse("r.txt", data, time.Time{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

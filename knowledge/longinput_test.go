package knowledge

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// hostile builds a report of about size bytes in one of the shapes that
// once made loading super-linear: one paragraph of many sentences, or one
// sentence with no full stop at all; and with sameNames, every sentence
// naming the same few people (one family name shared by all) with a new
// role each time, so per-person lists grow with the input.
func hostile(size int, oneSentence, sameNames bool) []byte {
	var b strings.Builder
	b.WriteString("date 2022-01-02 ")
	shapes := []string{
		"%s, chairman of the Harbor Union, said the port would grow",
		"Vice Chairman %s presided over the meeting and delivered a speech",
		"The members noted that %s attended the session in the town hall",
		"It was attended by %s and others",
		"Deputy mayor %s met with %s",
		"Lima said so",
	}
	end := ". "
	if oneSentence {
		end = " and "
	}
	name := func(i int) string {
		// Letters only: digits would not make a name.
		if sameNames {
			return fmt.Sprintf("Ana%c Lima", 'a'+i%3)
		}
		return fmt.Sprintf("Ana%c%c%c Lima%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26, 'a'+i/17%26, 'a'+i/442%26)
	}
	for i := 0; b.Len() < size; i++ {
		s := shapes[i%len(shapes)]
		switch strings.Count(s, "%s") {
		case 0:
			b.WriteString(s)
		case 2:
			fmt.Fprintf(&b, s, name(i), name(i+1))
		default:
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
		name      string
		one, same bool
	}{{"paragraph", false, false}, {"sentence", true, false}, {"same-names", false, true}} {
		for _, size := range []int{100 << 10, 1 << 20, DefaultMaxFileSize} {
			data := hostile(size, shape.one, shape.same)
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

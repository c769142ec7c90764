package qa

import (
	"os"
	"path/filepath"
	"testing"
)

// Two programs write their own sections of one file; neither loses the
// other's, and rewriting a section replaces only it.
func TestWriteSection(t *testing.T) {
	f := filepath.Join(t.TempDir(), "r.md")
	os.WriteFile(f, []byte("# Title\n\nkept\n"), 0o644)
	for _, step := range []struct{ name, body string }{{"a", "one\n"}, {"b", "two\n"}, {"a", "three\n"}} {
		if err := WriteSection(f, step.name, step.body); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(f)
	want := "# Title\n\nkept\n\n<!-- a -->\nthree\n<!-- /a -->\n\n<!-- b -->\ntwo\n<!-- /b -->\n"
	if string(got) != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

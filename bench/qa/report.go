package qa

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// WriteSection replaces the text between the markers
// "<!-- name -->" and "<!-- /name -->" in file with body, or appends the
// markers and body when the file has none, so several benchmark programs
// can write their tables into one results file (and the README) without
// overwriting each other's.
func WriteSection(file, name, body string) error {
	open, end := "<!-- "+name+" -->\n", "<!-- /"+name+" -->\n"
	old, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(old)
	section := open + body + end
	i := strings.Index(text, open)
	j := strings.Index(text, end)
	if i >= 0 && j > i {
		text = text[:i] + section + text[j+len(end):]
	} else {
		if text != "" && !strings.HasSuffix(text, "\n\n") {
			text += "\n"
		}
		text += section
	}
	return os.WriteFile(file, []byte(text), 0o644)
}

// FormatDuration prints a latency with a unit that suits it.
func FormatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "–"
	case d < time.Millisecond:
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// Machine describes where a benchmark ran, and how loaded it was.
func Machine() string {
	model := ""
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	load := ""
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			load = ", load average " + f[0] + " at the start"
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %s, %s/%s%s", runtime.NumCPU(), model, runtime.Version(), runtime.GOOS, runtime.GOARCH, load)
}

// Command reportbench compares the report index with two baselines — a
// linear sahilm/fuzzy scan and Bleve v2 — on generated archives of growing
// size, asking the same generated questions of each, and prints a Markdown
// table of latency, accuracy, build cost, index size and load time.
//
//	go run ./cmd/reportbench -sizes 1,100,1000,10000 -out ../RESULTS.md
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"

	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/reportbot/reportbot/bench/bleve"
	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/bench/qa"
	"github.com/reportbot/reportbot/knowledge/index"
)

type row struct {
	Reports   int
	Sentences int
	System    string
	Build     time.Duration
	Heap      uint64 // bytes the built index holds
	FileSize  int64
	Load      time.Duration
	P50, P99  time.Duration
	Asked     int
	Correct   int
	ByKind    map[string][2]int
	RSS       int64 // KiB, of a process that loads the index and answers
	Note      string
}

func main() {
	sizes := flag.String("sizes", "1,100,1000,10000", "archive sizes (reports), comma-separated")
	questions := flag.Int("questions", 200, "questions generated per archive")
	seed := flag.Uint64("seed", 1, "corpus seed")
	repeat := flag.Int("repeat", 3, "times every system answers each question, timed, after one warm-up round")
	linearMax := flag.Int("linear-max", 20, "questions the linear scan answers at 10,000 reports and above (it is slow)")
	out := flag.String("out", "", "also write the report to this Markdown file")
	child := flag.String("child", "", "internal: load this index file, answer, print RSS")
	childN := flag.Int("child-n", 0, "internal: archive size for -child")
	flag.Parse()
	if *child != "" {
		runChild(*child, *seed, *childN, *questions)
		return
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fatal(err)
		}
		ns = append(ns, n)
	}
	tmp, err := os.MkdirTemp("", "reportbench-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmp)
	var rows []row
	for _, n := range ns {
		rows = append(rows, measure(n, *seed, *questions, *repeat, *linearMax, tmp)...)
	}
	report := render(rows, *questions, *seed, *repeat)
	fmt.Print(report)
	if *out != "" {
		// Its own section of the file: botbench writes the whole bot's.
		if err := qa.WriteSection(*out, "reportbench", report); err != nil {
			fatal(err)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "reportbench:", err)
	os.Exit(1)
}

func heapNow() uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func measure(n int, seed uint64, nq, repeat, linearMax int, tmp string) []row {
	fmt.Fprintf(os.Stderr, "== %d reports\n", n)
	c := corpus.Generate(seed, n, nq)
	s := qa.Flatten(c)
	var rows []row

	// The index, twice: over the text alone, as Bleve gets it (the fair
	// comparison), and with the generator's people and terms added, which
	// no other system here is given.
	for _, v := range []struct {
		name  string
		build func(*corpus.Corpus) (*index.Index, error)
	}{
		{"reportbot index (text only)", qa.BuildTextIndex},
		{"reportbot index + generator's people and terms", qa.BuildIndex},
	} {
		before := heapNow()
		start := time.Now()
		ix, err := v.build(c)
		if err != nil {
			fatal(err)
		}
		build := time.Since(start)
		heap := heapNow() - before
		file := filepath.Join(tmp, fmt.Sprintf("index-%d.bin", n))
		f, err := os.Create(file)
		if err != nil {
			fatal(err)
		}
		size, err := ix.WriteTo(f)
		if err == nil {
			err = f.Close()
		}
		if err != nil {
			fatal(err)
		}
		var loads []time.Duration
		for i := 0; i < 3; i++ {
			start := time.Now()
			data, err := os.ReadFile(file)
			if err != nil {
				fatal(err)
			}
			if ix, err = index.Decode(data); err != nil {
				fatal(err)
			}
			loads = append(loads, time.Since(start))
		}
		slices.Sort(loads)
		sys := qa.NewIndexSystem(ix, s)
		res := timed(sys, c.Questions, repeat)
		rows = append(rows, row{Reports: n, Sentences: len(s.Text), System: v.name, Build: build, Heap: heap,
			FileSize: size, Load: loads[1], P50: qa.Percentile(res.Latencies, 50), P99: qa.Percentile(res.Latencies, 99),
			Asked: res.Questions, Correct: res.Correct, ByKind: res.ByKind, RSS: childRSS(file, seed, n, nq)})
		fmt.Fprintf(os.Stderr, "   %s: %v p50 %v\n", v.name, res.Accuracy(), rows[len(rows)-1].P50)
	}

	// The linear scan: no build; slow, so fewer questions on big archives
	// and none beyond linearReports.
	if n <= linearReports {
		lq := c.Questions
		note := ""
		if n >= 1000 && len(lq) > linearMax {
			lq = sample(lq, linearMax)
			note = fmt.Sprintf("%d of %d questions", len(lq), len(c.Questions))
		}
		lin := qa.NewLinearSystem(s)
		res := timed(lin, lq, repeat)
		rows = append(rows, row{Reports: n, Sentences: len(s.Text), System: lin.Name(), P50: qa.Percentile(res.Latencies, 50),
			P99: qa.Percentile(res.Latencies, 99), Asked: res.Questions, Correct: res.Correct, ByKind: res.ByKind, Note: note})
		fmt.Fprintf(os.Stderr, "   linear: %v p50 %v\n", res.Accuracy(), rows[len(rows)-1].P50)
	}

	// Bleve.
	dir := filepath.Join(tmp, fmt.Sprintf("bleve-%d", n))
	before := heapNow()
	start := time.Now()
	bs, err := bleveqa.Build(c, s, dir)
	if err != nil {
		fatal(err)
	}
	build := time.Since(start)
	heap := heapNow() - before
	res := timed(bs, c.Questions, repeat)
	rows = append(rows, row{Reports: n, Sentences: len(s.Text), System: bs.Name(), Build: build, Heap: heap, FileSize: dirSize(dir),
		P50: qa.Percentile(res.Latencies, 50), P99: qa.Percentile(res.Latencies, 99), Asked: res.Questions, Correct: res.Correct, ByKind: res.ByKind})
	fmt.Fprintf(os.Stderr, "   bleve: %v p50 %v\n", res.Accuracy(), rows[len(rows)-1].P50)
	if err := bs.Close(); err != nil {
		fatal(err)
	}
	os.RemoveAll(dir)
	return rows
}

// linearReports is the largest archive the linear scan is timed on: at
// 10,000 reports one question takes seconds.
const linearReports = 1000

// timed asks every question once to warm up, then repeat times timed:
// the same for every system, so none is timed cold against another warm.
func timed(sys qa.System, qs []corpus.Question, repeat int) qa.Result {
	qa.Run(sys, qs, 1)
	return qa.Run(sys, qs, repeat)
}

// sample takes k questions spread evenly over qs, so every kind is in it.
func sample(qs []corpus.Question, k int) []corpus.Question {
	var out []corpus.Question
	for i := 0; i < k; i++ {
		out = append(out, qs[i*len(qs)/k])
	}
	return out
}

func dirSize(dir string) int64 {
	var total int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}

// childRSS runs this program again to load the index file and answer the
// questions in a fresh process, as `serve` would, and returns its peak
// resident memory. The child also regenerates the corpus, standing in for
// the knowledge base the index points into.
func childRSS(file string, seed uint64, n, nq int) int64 {
	exe, err := os.Executable()
	if err != nil {
		return 0
	}
	cmd := exec.Command(exe, "-child", file, "-child-n", strconv.Itoa(n), "-seed", strconv.FormatUint(seed, 10), "-questions", strconv.Itoa(nq))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 0
	}
	var r struct{ RSS int64 }
	if err := json.NewDecoder(&out).Decode(&r); err != nil {
		return 0
	}
	return r.RSS
}

func runChild(file string, seed uint64, n, nq int) {
	c := corpus.Generate(seed, n, nq)
	s := qa.Flatten(c)
	data, err := os.ReadFile(file)
	if err != nil {
		fatal(err)
	}
	ix, err := index.Decode(data)
	if err != nil {
		fatal(err)
	}
	data = nil
	qa.Run(qa.NewIndexSystem(ix, s), c.Questions, 1)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	json.NewEncoder(os.Stdout).Encode(struct{ RSS int64 }{ru.Maxrss})
	runtime.KeepAlive(ix)
}

func dur(d time.Duration) string {
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

func mib(b int64) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

func render(rows []row, nq int, seed uint64, repeat int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Index alone against Bleve\n\n")
	fmt.Fprintf(&b, "Measured %s on %s with `make bench` (`bench/bleve/cmd/reportbench`). Generated archives (seed %d), %d generated questions per archive: who presided over an event (named by organiser and date), who is a person, who chairs an organisation, the same with typos, and out-of-scope questions that must find nothing. Accuracy: the share answered correctly. Latency: wall time per question, in process. Every system answers every question once to warm up, then %d times timed (the linear scan: a sample of questions at 1,000 reports, none beyond). The fair comparison with Bleve is the text-only index: both get the sentences and nothing else; the row with the generator's people and terms shows what that structure is worth, and is no comparison.\n\n",
		time.Now().UTC().Format("2006-01-02"), qa.Machine(), seed, nq, repeat)
	fmt.Fprintf(&b, "| reports | sentences | system | p50 | p99 | accuracy | vs Bleve (p50) | build | build heap | file | load | RSS (load + answer) |\n")
	fmt.Fprintf(&b, "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	bleveP50 := map[int]time.Duration{}
	for _, r := range rows {
		if strings.HasPrefix(r.System, "Bleve") {
			bleveP50[r.Reports] = r.P50
		}
	}
	for _, r := range rows {
		speed := "–"
		if bp := bleveP50[r.Reports]; bp > 0 && r.P50 > 0 && !strings.HasPrefix(r.System, "Bleve") {
			speed = fmt.Sprintf("%.1f×", float64(bp)/float64(r.P50))
		}
		acc := fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(r.Correct)/float64(max(r.Asked, 1)), r.Correct, r.Asked)
		rss := "–"
		if r.RSS > 0 {
			rss = mib(r.RSS * 1024)
		}
		sys := r.System
		if r.Note != "" {
			sys += " (" + r.Note + ")"
		}
		fmt.Fprintf(&b, "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.Reports, r.Sentences, sys,
			dur(r.P50), dur(r.P99), acc, speed, dur(r.Build), mib(int64(r.Heap)), mib(r.FileSize), dur(r.Load), rss)
	}
	fmt.Fprintf(&b, "\nAccuracy by kind of question (correct/asked):\n\n| reports | system | presided | whois | chairman | typo | out-of-scope |\n|---:|---|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %d | %s |", r.Reports, r.System)
		for _, k := range []string{"presided", "whois", "chairman", "typo", "out-of-scope"} {
			v := r.ByKind[k]
			fmt.Fprintf(&b, " %d/%d |", v[0], v[1])
		}
		b.WriteString("\n")
	}
	b.WriteString("\nfile: the index file for reportbot; Bleve's two scorch index folders. build heap: Go heap held after building. RSS: peak resident memory of a fresh process that loads the index file, regenerates the archive it points into (standing in for the knowledge base) and answers every question.\n")
	return b.String()
}

// Command botbench measures the whole bot the way it runs: it generates an
// archive, builds it with `reportbot build` in a child process (wall time
// and peak memory), then starts a fresh process that opens the knowledge
// file as `serve` does and answers through bot.Ask, the path a chat message
// takes. That child reports the time to its first answer, its peak memory,
// and per kind of question the accuracy and the p50/p99 latency of a fixed
// number of timed answers. Every kind is warmed up and timed the same
// number of times, so a slow kind cannot hide behind a fast one.
//
//	go run ./bench/botbench -sizes 1,1000,10000 -out bench/RESULTS.md -readme README.md
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/bench/qa"
	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

func main() {
	sizes := flag.String("sizes", "1,1000,10000", "archive sizes (reports), comma-separated")
	questions := flag.Int("questions", 200, "questions generated per set (classic and hard) per archive")
	seed := flag.Uint64("seed", 1, "corpus seed")
	times := flag.Int("times", 200, "timed answers per kind of question (after as many warm-up answers)")
	bin := flag.String("bin", "", "the reportbot binary (default: go build it)")
	keep := flag.String("keep", "", "keep archives and built files here and reuse them (build figures then come from the first run)")
	out := flag.String("out", "", "write the tables into this Markdown file, between its botbench markers")
	readme := flag.String("readme", "", "also write the summary table into this file, between its botbench markers")
	serve := flag.String("serve", "", "internal: open this knowledge file and answer the questions in -qs")
	qsFile := flag.String("qs", "", "internal: the questions for -serve, as JSON")
	firstQ := flag.String("first", "", "internal: the first question -serve answers")
	cpuProfile := flag.String("cpuprofile", "", "internal: write a CPU profile of -serve's timed answers here")
	loadProfile := flag.String("loadprofile", "", "internal: write a CPU profile of -serve's loading here")
	flag.Parse()
	if *serve != "" {
		runServe(*serve, *firstQ, *qsFile, *times, *cpuProfile, *loadProfile)
		return
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fatal(fmt.Errorf("bad size %q", s))
		}
		ns = append(ns, n)
	}
	work := *keep
	if work == "" {
		d, err := os.MkdirTemp("", "botbench-")
		if err != nil {
			fatal(err)
		}
		defer os.RemoveAll(d)
		work = d
	}
	if *bin == "" {
		*bin = filepath.Join(work, "reportbot")
		cmd := exec.Command("go", "build", "-o", *bin, "./cmd/reportbot")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fatal(fmt.Errorf("go build (run from the repository root): %w", err))
		}
	}
	var rows []result
	for _, n := range ns {
		rows = append(rows, measure(n, *seed, *questions, *times, *bin, work))
	}
	tables := render(rows, *seed, *questions, *times)
	fmt.Print(tables)
	if *out != "" {
		if err := qa.WriteSection(*out, "botbench", tables); err != nil {
			fatal(err)
		}
	}
	if *readme != "" {
		if err := qa.WriteSection(*readme, "botbench", summary(rows)); err != nil {
			fatal(err)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "botbench:", err)
	os.Exit(1)
}

// result is one archive's figures.
type result struct {
	Reports    int
	Build      time.Duration // wall time of `reportbot build`
	BuildPeak  int64         // KiB, its peak resident memory
	Files      int64         // bytes of kb.json and kb.json.index
	Served     served
	Cached     bool // the archive and its build came from -keep
	QuestionsN int
}

// served is what the serving child reports.
type served struct {
	Open     time.Duration // knowledge.Open
	First    time.Duration // process start to the first answer
	FirstCPU time.Duration // CPU time the process used by then
	RSS      int64         // KiB, peak
	Kinds    []kindResult
	P50      time.Duration // over every timed answer
	P99      time.Duration
	CPU50    time.Duration // the same in CPU time of the answering thread
	CPU99    time.Duration
	Right    int
	Asked    int
	HardOK   int
	HardN    int
}

type kindResult struct {
	Kind     string
	Hard     bool
	Right    int
	Asked    int
	P50, P99 time.Duration
	CPU50    time.Duration
}

func measure(n int, seed uint64, nq, times int, bin, work string) result {
	fmt.Fprintf(os.Stderr, "== %d reports\n", n)
	dir := filepath.Join(work, fmt.Sprintf("archive-%d", n))
	kbFile := filepath.Join(work, fmt.Sprintf("kb-%d.json", n))
	qsFile := filepath.Join(work, fmt.Sprintf("questions-%d.json", n))
	res := result{Reports: n}
	if _, err := os.Stat(kbFile); err == nil && fileExists(qsFile) {
		res.Cached = true
	} else {
		os.RemoveAll(dir)
		start := time.Now()
		c, err := corpus.GenerateTo(dir, seed, n, nq)
		if err != nil {
			fatal(err)
		}
		fmt.Fprintf(os.Stderr, "   generated in %v\n", time.Since(start).Round(time.Millisecond))
		var qs []question
		for _, q := range c.Questions {
			qs = append(qs, question{q, false})
		}
		for _, q := range c.Hard {
			qs = append(qs, question{q, true})
		}
		data, err := json.Marshal(qs)
		if err != nil {
			fatal(err)
		}
		if err := os.WriteFile(qsFile, data, 0o644); err != nil {
			fatal(err)
		}
		start = time.Now()
		ru, err := run(bin, "build", "--out", kbFile, dir)
		if err != nil {
			fatal(fmt.Errorf("reportbot build: %w", err))
		}
		res.Build, res.BuildPeak = time.Since(start), ru.Maxrss
		fmt.Fprintf(os.Stderr, "   built in %v, peak %d MiB\n", res.Build.Round(time.Millisecond), ru.Maxrss>>10)
		if ru.Maxrss > 0 {
			os.WriteFile(kbFile+".build", fmt.Appendf(nil, "%d %d\n", res.Build, ru.Maxrss), 0o644)
		}
	}
	if res.Cached {
		if b, err := os.ReadFile(kbFile + ".build"); err == nil {
			var d, peak int64
			fmt.Sscan(string(b), &d, &peak)
			res.Build, res.BuildPeak = time.Duration(d), peak
		}
	}
	for _, f := range []string{kbFile, knowledge.IndexPath(kbFile)} {
		if st, err := os.Stat(f); err == nil {
			res.Files += st.Size()
		}
	}
	// Read the files once, so the serving child finds them in the page
	// cache as a restarted service would; the cold-disk case is the disk's.
	for _, f := range []string{kbFile, knowledge.IndexPath(kbFile)} {
		if fh, err := os.Open(f); err == nil {
			bufio.NewReaderSize(fh, 1<<20).WriteTo(discard{})
			fh.Close()
		}
	}
	exe, err := os.Executable()
	if err != nil {
		fatal(err)
	}
	var first struct{ Q corpus.Question }
	if data, err := os.ReadFile(qsFile); err == nil {
		var qs []question
		if json.Unmarshal(data, &qs) == nil && len(qs) > 0 {
			first.Q = qs[0].Q
		}
	}
	cmd := exec.Command(exe, "-serve", kbFile, "-first", first.Q.Text, "-qs", qsFile, "-times", strconv.Itoa(times))
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fatal(fmt.Errorf("serving child: %w", err))
	}
	if err := json.Unmarshal(stdout.Bytes(), &res.Served); err != nil {
		fatal(fmt.Errorf("serving child: %w", err))
	}
	s := res.Served
	fmt.Fprintf(os.Stderr, "   first answer after %v (CPU %v), RSS %d MiB, p50 %v p99 %v (CPU %v / %v), %d/%d right (hard %d/%d)\n",
		s.First.Round(time.Millisecond), s.FirstCPU.Round(time.Millisecond), s.RSS>>10, s.P50, s.P99, s.CPU50, s.CPU99, s.Right, s.Asked, s.HardOK, s.HardN)
	return res
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// run runs the binary and returns its resource use.
func run(bin string, args ...string) (*syscall.Rusage, error) {
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w: %s", err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return nil, errors.New("no resource usage on this system")
	}
	return ru, nil
}

type question struct {
	Q    corpus.Question
	Hard bool
}

// processStart is as close to the start of the process as Go code runs.
var processStart = time.Now()

// runServe is the child: open the knowledge file as serve does, answer the
// first question (load to first answer), then every question once for
// accuracy, then each kind warmed up and timed the same number of times.
func runServe(kbFile, first, qsFile string, times int, profile, loadProfile string) {
	ctx := context.Background()
	if loadProfile != "" {
		f, err := os.Create(loadProfile)
		if err != nil {
			fatal(err)
		}
		pprof.StartCPUProfile(f)
	}
	openStart := time.Now()
	kb, err := knowledge.Open(knowledge.OpenOptions{KBFile: kbFile})
	if err != nil {
		fatal(err)
	}
	if loadProfile != "" {
		pprof.StopCPUProfile()
	}
	var s served
	s.Open = time.Since(openStart)
	b := bot.New(kb, bot.Options{MinConfidence: 0.35})
	b.Ask(ctx, first)
	s.First = time.Since(processStart)
	s.FirstCPU = processCPU()
	runtime.LockOSThread() // so the thread's CPU clock is the answers'

	data, err := os.ReadFile(qsFile)
	if err != nil {
		fatal(err)
	}
	var qs []question
	if err := json.Unmarshal(data, &qs); err != nil {
		fatal(err)
	}
	byKind := map[string][]question{}
	var kinds []string
	for _, q := range qs {
		k := corpus.KindOf(q.Q)
		if _, ok := byKind[k]; !ok {
			kinds = append(kinds, k)
		}
		byKind[k] = append(byKind[k], q)
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			fatal(err)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var all, allCPU []time.Duration
	for _, k := range kinds {
		group := byKind[k]
		kr := kindResult{Kind: k, Hard: group[0].Hard}
		for _, q := range group {
			r := b.Ask(ctx, q.Q.Text)
			kr.Asked++
			if q.Q.Answered(r.Found, markup.Plain(r.Doc)) {
				kr.Right++
			}
		}
		for i := 0; i < times; i++ { // warm-up, as many as are timed
			b.Ask(ctx, group[i%len(group)].Q.Text)
		}
		took := make([]time.Duration, 0, times)
		cpu := make([]time.Duration, 0, times)
		for i := 0; i < times; i++ {
			// Every timed answer starts with cold lookup caches: the
			// questions repeat here, and people's questions mostly do not.
			kb.ForgetLookups()
			start, c := time.Now(), threadCPU()
			b.Ask(ctx, group[i%len(group)].Q.Text)
			cpu = append(cpu, threadCPU()-c)
			took = append(took, time.Since(start))
		}
		kr.P50, kr.P99 = qa.Percentile(took, 50), qa.Percentile(took, 99)
		kr.CPU50 = qa.Percentile(cpu, 50)
		all = append(all, took...)
		allCPU = append(allCPU, cpu...)
		s.Kinds = append(s.Kinds, kr)
		if kr.Hard {
			s.HardOK += kr.Right
			s.HardN += kr.Asked
		} else {
			s.Right += kr.Right
			s.Asked += kr.Asked
		}
	}
	s.P50, s.P99 = qa.Percentile(all, 50), qa.Percentile(all, 99)
	s.CPU50, s.CPU99 = qa.Percentile(allCPU, 50), qa.Percentile(allCPU, 99)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	s.RSS = ru.Maxrss
	runtime.KeepAlive(kb)
	json.NewEncoder(os.Stdout).Encode(s)
}

func dur(d time.Duration) string { return qa.FormatDuration(d) }

func mib(kib int64) string {
	switch {
	case kib <= 0:
		return "–"
	case kib >= 1<<20:
		return fmt.Sprintf("%.2f GiB", float64(kib)/(1<<20))
	}
	return fmt.Sprintf("%.0f MiB", float64(kib)/(1<<10))
}

func pct(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(a)/float64(b), a, b)
}

func perThousand(r result) string {
	if r.Build == 0 || r.Reports < 1000 {
		return "–" // start-up dominates a small archive's build
	}
	return dur(r.Build * 1000 / time.Duration(r.Reports))
}

func summary(rows []result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| reports | whole bot p50 | p99 | p50 / p99 CPU | load to first answer | its CPU | RSS serving | build | build per 1,000 | build peak | files | accuracy (classic) | accuracy (hard) |\n")
	fmt.Fprintf(&b, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		s := r.Served
		fmt.Fprintf(&b, "| %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", thousands(r.Reports), dur(s.P50), dur(s.P99), dur(s.CPU50), dur(s.CPU99),
			dur(s.First), dur(s.FirstCPU), mib(s.RSS), dur(r.Build), perThousand(r), mib(r.BuildPeak), mib(r.Files>>10), pct(s.Right, s.Asked), pct(s.HardOK, s.HardN))
	}
	return b.String()
}

func render(rows []result, seed uint64, nq, times int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Whole bot\n\nMeasured %s on %s with `go run ./bench/botbench` (seed %d). Each archive is generated, built by `reportbot build` in a child process (wall time, peak RSS), then opened by a fresh process as `serve` opens it (`knowledge.Open` on the built file) and asked through `bot.Ask`. Load to first answer: from the process start to the first reply; its CPU: the CPU time the process used by then (on a shared machine wall time also measures the wait for a core). RSS: that process's peak. CPU columns: the answering thread's CPU time per answer. The index's caches of typo corrections are emptied before every timed answer, since the benchmark repeats its questions and people mostly do not. Questions: %d classic (who presided, who is, who chairs, typos, out of scope) and %d hard (see `bench/corpus/hard.go`) per archive; each asked once for accuracy; then every kind is warmed up %d times and timed %d times, whatever its speed.\n\n",
		time.Now().UTC().Format("2006-01-02"), qa.Machine(), seed, nq, nq, times, times)
	b.WriteString(summary(rows))
	b.WriteString("\nPer kind of question (wall p50 / p99 of the timed answers, CPU p50; accuracy over the distinct questions):\n\n| reports | kind | set | p50 | p99 | CPU p50 | accuracy |\n|---:|---|---|---:|---:|---:|---:|\n")
	for _, r := range rows {
		ks := slices.Clone(r.Served.Kinds)
		for _, k := range ks {
			set := "classic"
			if k.Hard {
				set = "hard"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", thousands(r.Reports), k.Kind, set, dur(k.P50), dur(k.P99), dur(k.CPU50), pct(k.Right, k.Asked))
		}
	}
	return b.String()
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

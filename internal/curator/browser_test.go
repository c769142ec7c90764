package curator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser: CHROMIUM_PATH, else the usual names. Under
// CI=true a missing browser fails the test, so CI cannot pass by skipping.
func chromium(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("CHROMIUM_PATH"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH); CI runs the browser tests")
	}
	t.Skip("Chromium is not installed; set CHROMIUM_PATH or install chromium to run the browser tests")
	return ""
}

// browser starts a headless Chromium with a fresh profile and nothing
// that reaches the network on its own.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromium(t)),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1100, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// screenshot saves the page as screenshots/NAME.png when
// UPDATE_SCREENSHOTS=1, for the README.
func screenshot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if os.Getenv("UPDATE_SCREENSHOTS") != "1" {
			return nil
		}
		png, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join("screenshots", name+".png"), png, 0o644)
	})
}

func do(t *testing.T, ctx context.Context, step string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

func get1[T any](t *testing.T, ctx context.Context, step string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return get1(t, ctx, "reading "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// untilText waits until the element sel shows want. After a form is
// sent the old page goes away under the check, so a check that fails
// because the page is being replaced is simply tried again.
func untilText(sel, want string) chromedp.Action[chromedp.Void] {
	js, _ := json.Marshal([]string{sel, want})
	expr := fmt.Sprintf(`((a) => { const e = document.querySelector(a[0]); return !!e && e.innerText.includes(a[1]); })(%s)`, js)
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for {
			if ok, err := chromedp.Evaluate[bool](expr)(ctx, tg); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s to show %q: %w", sel, want, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

func wantIn(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not show %q; it shows:\n%s", what, w, got)
		}
	}
}

// TestInABrowser walks a curator through the console: sign-in, the
// reports, a report's page, fixing a role, the questions, try-it and the
// curation file, asserting what each page shows.
func TestInABrowser(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	type css = chromedp.CSS
	type xpath = chromedp.Search

	// Sign-in: a page asked for without a session leads there.
	do(t, ctx, "opening the console",
		chromedp.Navigate(f.url("/reports")),
		chromedp.WaitVisible(css(`#password`)),
		screenshot("login"))
	if loc := get1(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, "/login") {
		t.Fatalf("without a session the console showed %s, want the sign-in page", loc)
	}
	do(t, ctx, "a wrong password",
		chromedp.SendKeys(css(`#password`), "not the password"),
		chromedp.Submit(css(`#password`)),
		untilText(".error", "not right"))
	do(t, ctx, "signing in",
		chromedp.SendKeys(css(`#password`), password),
		chromedp.Submit(css(`#password`)),
		chromedp.WaitVisible(css(`table.reports`)))

	// Reports: newest first, with date, headline and tags.
	rows := get1(t, ctx, "reading the reports", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("table.reports tbody tr")].map(r => r.innerText)`))
	do(t, ctx, "screenshot", screenshot("reports"))
	if len(rows) != 2 || !strings.Contains(rows[0], "2025-03-04") || !strings.Contains(rows[1], "2024-11-02") {
		t.Fatalf("reports, newest first: %q", rows)
	}
	wantIn(t, "the reports list", rows[0], "Lakeside Town Council held a hearing", "river walls")

	// One report's page: the event, the people, each fact with its sentence.
	do(t, ctx, "opening a report",
		chromedp.Click(css(`a[href="/reports/flood-hearing"]`)),
		chromedp.WaitVisible(css(`article.person`)))
	wantIn(t, "the report page", text(t, ctx, "main"),
		"a hearing on flood defences", "Millbrook", // the event
		"Maria Ortiz", "Council Chair", "presided", // a person, role, action
		"Council Chair Maria Ortiz presided over the hearing.", // the sentence
		`<script>alert("x")</script>`)                          // report text shown as text
	if n := get1(t, ctx, "counting scripts", chromedp.Evaluate[int](`document.querySelectorAll("script").length`)); n != 0 {
		t.Errorf("the report's <script> became an element (%d script elements)", n)
	}

	// Fixing a role: the form writes the curation file and the page,
	// after the reload, shows the curated role.
	role := xpath(`//h3[starts-with(normalize-space(.), "Maria Ortiz")]/ancestor::article//form[contains(@action, "/curate/role")]//input[@name="role"]`)
	do(t, ctx, "fixing a role",
		chromedp.SendKeys(role, "Mayor of Lakeside"),
		chromedp.Submit(role),
		untilText(".notice", "role is fixed"))
	wantIn(t, "the report page after the fix", text(t, ctx, "main"), "Mayor of Lakeside", "curated")
	wantIn(t, "the curation file", f.readCuration(), "Maria Ortiz: Mayor of Lakeside", "# kept by the desk")
	do(t, ctx, "screenshot", screenshot("report"))

	// Questions: most frequent first, each with what the bot says.
	do(t, ctx, "opening the questions",
		chromedp.Click(css(`nav a[href="/questions"]`)),
		chromedp.WaitVisible(css(`article.question`)),
		screenshot("questions"))
	questions := get1(t, ctx, "reading the questions", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("article.question h3")].map(h => h.innerText)`))
	if len(questions) != 3 || questions[0] != "who was the boss at the hearing?" || questions[1] != "when do the river walls open?" {
		t.Fatalf("questions, most frequent first: %q", questions)
	}
	if questions[2] != `is <b>this</b> <script>alert(1)</script> escaped?` {
		t.Errorf("a question with markup shows as %q, want its text", questions[2])
	}
	// Labels are upper-cased by the stylesheet, and innerText shows them so.
	wantIn(t, "the questions page", strings.ToLower(text(t, ctx, "main")), "bot says now", "voted down", "i can't find that <i>here</i>.")

	// "Add an answer" writes a curated Q–A pair; try-it then answers it.
	answer := xpath(`//h3[.="when do the river walls open?"]/ancestor::article//input[@name="answer"]`)
	do(t, ctx, "adding an answer",
		chromedp.SendKeys(answer, "In May, after the spring floods."),
		chromedp.Submit(answer),
		untilText(".notice", "answer is added"))
	wantIn(t, "the curation file", f.readCuration(), "when do the river walls open?", "In May, after the spring floods.")

	// Try it: the answer, its evidence, confidence and how it was read.
	do(t, ctx, "trying a question",
		chromedp.Click(css(`nav a[href="/try"]`)),
		chromedp.WaitVisible(css(`input[name="q"]`)),
		chromedp.SendKeys(css(`input[name="q"]`), "who presided over the hearing?"),
		chromedp.Submit(css(`input[name="q"]`)),
		chromedp.WaitVisible(css(`section.answer`)),
		screenshot("try"))
	wantIn(t, "try-it", text(t, ctx, "section.answer"),
		"Maria Ortiz", "Council Chair Maria Ortiz presided over the hearing.", "Lakeside Town Council held a hearing",
		"answered as", "a free-text question", "found in the reports", "Confidence")
	do(t, ctx, "trying the curated answer",
		chromedp.SetValue(css(`input[name="q"]`), "when do the river walls open?"),
		chromedp.Submit(css(`input[name="q"]`)),
		untilText("section.answer", "In May, after the spring floods."))

	// The curation file in the editor: what the buttons wrote is there,
	// and a save that does not validate is refused with the text kept.
	do(t, ctx, "opening the editor",
		chromedp.Click(css(`nav a[href="/curation"]`)),
		chromedp.WaitVisible(css(`textarea`)),
		screenshot("curation"))
	editor := get1(t, ctx, "reading the editor", chromedp.Value(css(`textarea`)))
	wantIn(t, "the editor", editor, "Maria Ortiz: Mayor of Lakeside", "In May, after the spring floods.")
	do(t, ctx, "saving a broken file",
		chromedp.SetValue(css(`textarea`), "rols:\n  A: B\n"),
		chromedp.Click(css(`.editor button`)),
		untilText(".error", "not valid"))
	wantIn(t, "the file after a refused save", f.readCuration(), "Maria Ortiz: Mayor of Lakeside")

	// Signing out ends the session.
	do(t, ctx, "signing out",
		chromedp.Click(css(`.logout button`)),
		chromedp.WaitVisible(css(`#password`)),
		chromedp.Navigate(f.url("/questions")),
		chromedp.WaitVisible(css(`#password`)))
}

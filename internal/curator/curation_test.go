package curator_test

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/internal/curator"
	"github.com/reportbot/reportbot/knowledge"
)

var versionField = regexp.MustCompile(`name="version" value="([^"]*)"`)

func editorVersion(t *testing.T, body string) string {
	t.Helper()
	m := versionField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version in the editor:\n%s", body)
	}
	return m[1]
}

func TestFixesWriteTheCurationFile(t *testing.T) {
	for _, tc := range []struct {
		kind string
		form url.Values
		// check reads the written file as the build will.
		check func(c *knowledge.Curation) bool
		next  string
	}{
		{"role", url.Values{"report": {"flood-hearing"}, "name": {"Maria Ortiz"}, "role": {"Mayor of Lakeside"}},
			func(c *knowledge.Curation) bool { return c.Roles["Maria Ortiz"] == "Mayor of Lakeside" }, "/reports/flood-hearing?done=role"},
		{"alias", url.Values{"report": {"flood-hearing"}, "name": {"Maria Ortiz"}, "alias": {"Chair Ortiz"}},
			func(c *knowledge.Curation) bool {
				return len(c.Aliases["Maria Ortiz"]) == 1 && c.Aliases["Maria Ortiz"][0] == "Chair Ortiz"
			}, "/reports/flood-hearing?done=alias"},
		{"not_person", url.Values{"report": {"flood-hearing"}, "name": {"Resident Ana Kowal"}},
			func(c *knowledge.Curation) bool {
				return len(c.NotPeople) == 1 && c.NotPeople[0] == "Resident Ana Kowal"
			}, "/reports/flood-hearing?done=not_person"},
		{"answer", url.Values{"question": {"when do the river walls open?"}, "answer": {"In May, says the council."}},
			func(c *knowledge.Curation) bool {
				return len(c.QA) == 1 && c.QA[0].Question == "when do the river walls open?" && c.QA[0].Answer == "In May, says the council."
			}, "/questions?done=answer"},
		{"synonym", url.Values{"word": {"Levee"}, "means": {"walls"}},
			func(c *knowledge.Curation) bool {
				return c.Synonyms["levee"] == "walls" && c.Synonyms["boss"] == "chair"
			}, "/questions?done=synonym"},
		{"ignore", url.Values{"question": {"is this escaped?"}},
			func(c *knowledge.Curation) bool { return len(c.Ignored) == 1 && c.Ignored[0] == "is this escaped?" }, "/questions?done=ignore"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			f := newFixture(t)
			c := f.client()
			tc.form.Set("csrf", f.signIn(c))
			resp, body := post(t, c, f.url("/curate/"+tc.kind), tc.form)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tc.next {
				t.Fatalf("status %d to %q, want 303 to %s\n%s", resp.StatusCode, resp.Header.Get("Location"), tc.next, body)
			}
			text := f.readCuration()
			if !strings.HasPrefix(text, "# kept by the desk") {
				t.Errorf("the curator's comment was lost:\n%s", text)
			}
			cur, err := knowledge.ParseCuration([]byte(text))
			if err != nil {
				t.Fatalf("the written file does not load: %v\n%s", err, text)
			}
			if !tc.check(cur) {
				t.Errorf("the file does not hold the fix:\n%s", text)
			}
			if f.reloads.Load() != 1 {
				t.Errorf("reloaded %d times, want once", f.reloads.Load())
			}
			// The same fix twice does not write it twice.
			if tc.kind != "answer" {
				post(t, c, f.url("/curate/"+tc.kind), tc.form)
				if again := f.readCuration(); again != text {
					t.Errorf("the same fix again changed the file:\n%s", again)
				}
			}
		})
	}
}

func TestFixedRoleShowsOnTheReportPage(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	token := f.signIn(c)
	post(t, c, f.url("/curate/role"), url.Values{"csrf": {token}, "report": {"flood-hearing"}, "name": {"Maria Ortiz"}, "role": {"Mayor of Lakeside"}})
	_, body := get(t, c, f.url("/reports/flood-hearing?done=role"))
	contains(t, "report page", body, "Mayor of Lakeside", "curated", "The role is fixed.")
	// Not a person: gone from the page after the reload.
	post(t, c, f.url("/curate/not_person"), url.Values{"csrf": {token}, "report": {"flood-hearing"}, "name": {"Resident Ana Kowal"}})
	if _, body = get(t, c, f.url("/reports/flood-hearing")); strings.Contains(body, "<h3>Resident Ana Kowal") {
		t.Errorf("a name marked not a person is still listed")
	}
}

func TestBadFixesChangeNothing(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	token := f.signIn(c)
	for _, tc := range []struct {
		kind string
		form url.Values
		code int
	}{
		{"role", url.Values{"name": {"Maria Ortiz"}, "role": {"   "}}, http.StatusBadRequest},
		{"synonym", url.Values{"word": {"flood wall"}, "means": {"walls"}}, http.StatusBadRequest},
		{"nonsense", url.Values{"name": {"x"}}, http.StatusNotFound},
	} {
		tc.form.Set("csrf", token)
		if resp, _ := post(t, c, f.url("/curate/"+tc.kind), tc.form); resp.StatusCode != tc.code {
			t.Errorf("%s %v: status %d, want %d", tc.kind, tc.form, resp.StatusCode, tc.code)
		}
	}
	if got := f.readCuration(); got != initialCuration {
		t.Errorf("a refused fix changed the file:\n%s", got)
	}
	// A file a person broke by hand is not rewritten by a button.
	broken := "roles: [\n"
	if err := os.WriteFile(f.curation, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	resp, body := post(t, c, f.url("/curate/role"), url.Values{"csrf": {token}, "name": {"Maria Ortiz"}, "role": {"Mayor"}})
	if resp.StatusCode != http.StatusConflict || f.readCuration() != broken {
		t.Errorf("a fix over a broken file: status %d, file %q", resp.StatusCode, f.readCuration())
	}
	contains(t, "refusal", body, "not valid")
}

func TestEditorSavesKeepsThePreviousVersionAndReloads(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	token := f.signIn(c)
	_, body := get(t, c, f.url("/curation"))
	contains(t, "editor", body, "# kept by the desk")
	ver := editorVersion(t, body)

	next := initialCuration + "roles:\n  Maria Ortiz: Mayor of Lakeside\n"
	// Browsers send CRLF from a textarea; the file keeps LF.
	resp, _ := post(t, c, f.url("/curation"), url.Values{"csrf": {token}, "version": {ver}, "text": {strings.ReplaceAll(next, "\n", "\r\n")}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", resp.StatusCode)
	}
	if got := f.readCuration(); got != next {
		t.Errorf("saved file:\n%q\nwant\n%q", got, next)
	}
	prev, err := os.ReadFile(f.curation + ".prev")
	if err != nil || string(prev) != initialCuration {
		t.Errorf("previous version: %q, %v; want the file as it was", prev, err)
	}
	if st, err := os.Stat(f.curation); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("the file's permissions were not kept: %v %v", st.Mode(), err)
	}
	if f.reloads.Load() != 1 {
		t.Errorf("reloads: %d, want 1", f.reloads.Load())
	}
	// The reloaded knowledge has the curated role.
	_, body = get(t, c, f.url("/reports/flood-hearing"))
	contains(t, "report page after save", body, "Mayor of Lakeside")
}

func TestTwoCuratorsSavingAtOnceDoNotOverwriteEachOther(t *testing.T) {
	f := newFixture(t)
	alice, bob := f.client(), f.client()
	ta, tb := f.signIn(alice), f.signIn(bob)
	_, body := get(t, alice, f.url("/curation"))
	va := editorVersion(t, body)
	_, body = get(t, bob, f.url("/curation"))
	vb := editorVersion(t, body)

	aliceText := initialCuration + "aliases:\n  Maria Ortiz: [Chair Ortiz]\n"
	if resp, _ := post(t, alice, f.url("/curation"), url.Values{"csrf": {ta}, "version": {va}, "text": {aliceText}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("alice's save: %d", resp.StatusCode)
	}
	bobText := initialCuration + "roles:\n  Samuel Okoro: Chair of the Board\n"
	resp, body := post(t, bob, f.url("/curation"), url.Values{"csrf": {tb}, "version": {vb}, "text": {bobText}})
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("bob's save over alice's: %d, want 409", resp.StatusCode)
	}
	if got := f.readCuration(); got != aliceText {
		t.Fatalf("bob overwrote alice:\n%s", got)
	}
	// Bob keeps his text and sees alice's, with the version to save over it.
	contains(t, "conflict page", body, "Samuel Okoro: Chair of the Board", "Chair Ortiz", "changed by someone else")
	merged := aliceText + "roles:\n  Samuel Okoro: Chair of the Board\n"
	if resp, _ := post(t, bob, f.url("/curation"), url.Values{"csrf": {tb}, "version": {editorVersion(t, body)}, "text": {merged}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bob's merged save: %d", resp.StatusCode)
	}
	if got := f.readCuration(); got != merged {
		t.Errorf("merged file:\n%s", got)
	}
}

func TestEditorRefusesAnInvalidFile(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	token := f.signIn(c)
	_, body := get(t, c, f.url("/curation"))
	ver := editorVersion(t, body)
	for _, text := range []string{"rols:\n  A: B\n", "qa:\n  - question: only a question\n", "roles: [\n"} {
		resp, body := post(t, c, f.url("/curation"), url.Values{"csrf": {token}, "version": {ver}, "text": {text}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q: status %d, want 422", text, resp.StatusCode)
		}
		contains(t, "refusal", body, "not valid")
	}
	if got := f.readCuration(); got != initialCuration {
		t.Errorf("an invalid save changed the file:\n%s", got)
	}
	if f.reloads.Load() != 0 {
		t.Errorf("an invalid save reloaded")
	}
}

func TestWithoutACurationFileTheConsoleIsReadOnly(t *testing.T) {
	f := newFixture(t, func(o *curator.Options) { o.CurationPath = "" })
	c := f.client()
	token := f.signIn(c)
	_, body := get(t, c, f.url("/reports/flood-hearing"))
	contains(t, "report page", body, "no curation file is configured")
	if strings.Contains(body, "/curate/role") {
		t.Errorf("a read-only console offers fixes")
	}
	resp, _ := post(t, c, f.url("/curate/role"), url.Values{"csrf": {token}, "name": {"Maria Ortiz"}, "role": {"Mayor"}})
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("a fix without a file: %d, want 409", resp.StatusCode)
	}
}

package formats

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/knowledge/formats/formatstest"
)

func TestMarkdown(t *testing.T) {
	src := "---\ntitle: Harbour committee meets\ndate: 2031-04-09\ntags: [Ports, \"#transport\"]\n---\n" +
		"# Ignored heading\n\n" +
		"The committee met. [Jane Roe](http://example.com/roe \"bio\") presided, **firmly**.\n" +
		"She thanked *everyone* and the `clerk`.\n\n" +
		"```go\nfmt.Println(\"not a sentence\")\n```\n\n" +
		"    indented code is out too\n\n" +
		"![a photo](photo.jpg)\n" +
		"- Item one of the list\n- Item [two][ref]\n\n" +
		"<!-- a comment -->\n" +
		"[ref]: http://example.com\n" +
		"| Name | Role |\n|---|---|\n| Ann Lee | clerk |\n"
	doc, err := Read("r.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Harbour committee meets" || doc.Date != "2031-04-09" {
		t.Errorf("title %q date %q", doc.Title, doc.Date)
	}
	if !reflect.DeepEqual(doc.Tags, []string{"ports", "transport"}) {
		t.Errorf("tags %q", doc.Tags)
	}
	want := "The committee met. Jane Roe presided, firmly. She thanked everyone and the clerk.\n\n" +
		"Item one of the list\n\nItem two\n\nName; Role\n\nAnn Lee; clerk"
	if doc.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", doc.Text, want)
	}
	for _, gone := range []string{"http", "fmt.Println", "indented", "photo", "comment", "Ignored", "---", "|"} {
		if strings.Contains(doc.Text, gone) {
			t.Errorf("text keeps %q", gone)
		}
	}
}

func TestMarkdownDateAfterHeading(t *testing.T) {
	doc, err := Read("r.md", []byte("# The board meets\n\ndate 2030-01-02\n\nThe board met on Monday. A later line date 2030-05-05 stays.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "The board meets" || doc.Date != "2030-01-02" {
		t.Errorf("title %q date %q", doc.Title, doc.Date)
	}
	if strings.HasPrefix(doc.Text, "date") || !strings.Contains(doc.Text, "2030-05-05") {
		t.Errorf("text %q", doc.Text)
	}
}

func TestMarkdownErrors(t *testing.T) {
	for name, src := range map[string]string{
		"bad yaml":      "---\ntags: [a\n---\nText.\n",
		"bad date":      "---\ndate: next week\n---\nText.\n",
		"bad date line": "# T\ndate 2030-13-45\nText.\n",
	} {
		if _, err := Read("r.md", []byte(src)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// A rule at the top with no closing line is text, not front matter.
	doc, err := Read("r.md", []byte("---\nJust text here.\n"))
	if err != nil || doc.Text != "Just text here." {
		t.Errorf("got %q, %v", doc.Text, err)
	}
}

const page = `<!doctype html><html><head>
<title>Council approves plan | The Example Gazette</title>
<meta property="article:published_time" content="2031-06-14T09:30:00+02:00">
<script>var tracking = "script text";</script><style>p{color:red}</style>
</head><body>
<header class="site-header"><a href="/">The Example Gazette</a><nav><a href="/a">World</a> <a href="/b">Sport</a></nav></header>
<div class="cookie-banner">We use cookies.</div>
<article>
 <header><h1>Council approves <em>plan</em></h1><p class="dateline">Northtown, June 13 —</p></header>
 <p>The council met on Tuesday. Mayor Ada Quill presided over the meeting.</p>
 <p>Councillor Ben Ode spoke<br>about roads.</p>
 <figure><img src="x.jpg"><figcaption>A caption.</figcaption></figure>
 <div class="share-bar">Share this</div>
 <ul><li>First point.</li><li>Second point.</li></ul>
</article>
<aside>Most read: something else.</aside>
<footer>Copyright and contact.</footer>
</body></html>`

func TestHTML(t *testing.T) {
	doc, err := Read("page.HTML", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Council approves plan" || doc.Date != "2031-06-14" {
		t.Errorf("title %q date %q", doc.Title, doc.Date)
	}
	want := "Northtown, June 13 —\n\nThe council met on Tuesday. Mayor Ada Quill presided over the meeting.\n\n" +
		"Councillor Ben Ode spoke about roads.\n\nFirst point.\n\nSecond point."
	if doc.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", doc.Text, want)
	}
}

func TestHTMLWithoutArticle(t *testing.T) {
	src := `<html><head><title>Board meets - Site</title></head><body>
<div id="menu"><p>Home</p><p>About</p></div>
<div class="content"><p>The board met yesterday in the hall of the town.</p><p>Chair Eve Dunn presided.</p>
<p>Published <time datetime="2032-02-03">3 Feb</time>.</p></div>
<div id="footer"><p>Contact us at the office for more information about things.</p></div></body></html>`
	doc, err := Read("p.htm", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Board meets" || doc.Date != "2032-02-03" {
		t.Errorf("title %q date %q", doc.Title, doc.Date)
	}
	if !strings.HasPrefix(doc.Text, "The board met yesterday") || strings.Contains(doc.Text, "Contact") || strings.Contains(doc.Text, "Home") {
		t.Errorf("text %q", doc.Text)
	}
}

func TestPDF(t *testing.T) {
	data := formatstest.PDF(t, formatstest.PDFLines("The trust held its meeting on", "Friday. Chair Io Venn presided.", "", "Treasurer Cy Rowe (acting) spoke."), false)
	doc, err := Read("r.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "The trust held its meeting on Friday. Chair Io Venn presided.\n\nTreasurer Cy Rowe (acting) spoke."
	if doc.Text != want {
		t.Errorf("text:\n%q\nwant:\n%q", doc.Text, want)
	}
}

// Words placed apart (kerned TJ arrays, or one Tj per word), with no space
// character between them, still read as separate words; a small kerning
// inside a word does not split it.
func TestPDFPlacedWords(t *testing.T) {
	content := "BT /F1 12 Tf 72 720 Td [(The) -300 (gu) -20 (ild) -300 (met.)] TJ ET\n" +
		"BT /F1 12 Tf 72 700 Td (Chair) Tj 40 0 Td (Ivo) Tj 30 0 Td (Strand) Tj 50 0 Td (presided.) Tj ET"
	doc, err := Read("r.pdf", formatstest.PDF(t, content, false))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != "The guild met. Chair Ivo Strand presided." {
		t.Errorf("text %q", doc.Text)
	}
}

// A compressed PDF reads; one whose pages unpack to a flood is refused
// before its glyphs fill the memory.
func TestPDFFlate(t *testing.T) {
	doc, err := Read("r.pdf", formatstest.PDFFlate(t, formatstest.PDFLines("Chair Ivo Strand presided.")))
	if err != nil || doc.Text != "Chair Ivo Strand presided." {
		t.Fatalf("compressed: %q %v", doc.Text, err)
	}
	bomb := formatstest.PDFFlate(t, "BT /F1 12 Tf 72 720 Td ("+strings.Repeat("a", 70<<20)+") Tj ET")
	if len(bomb) > 1<<20 {
		t.Fatalf("setup: the bomb is %d bytes", len(bomb))
	}
	if _, err := Read("bomb.pdf", bomb); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "unpack") {
		t.Errorf("bomb: %v", err)
	}
}

func TestPDFErrors(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"scanned", formatstest.PDF(t, "q 100 0 0 100 0 0 cm Q", false), ErrNoText},
		{"encrypted", formatstest.PDF(t, formatstest.PDFLines("Secret."), true), ErrEncrypted},
		{"not a pdf", []byte("plain words"), ErrCorrupt},
		{"truncated", formatstest.PDF(t, formatstest.PDFLines("Cut."), false)[:200], ErrCorrupt},
	}
	for _, c := range cases {
		if _, err := Read("r.pdf", c.data); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

func TestDOCX(t *testing.T) {
	data := formatstest.DOCX(t, []formatstest.Para{
		{Style: "Title", Runs: []string{"Guild elects ", "a chair"}},
		{Runs: []string{"The guild met on Monday. ", "Chair Mo Arden & ", "Vice-Chair Lu Sand presided."}},
		{},
		{Style: "Normal", Runs: []string{"Members spoke."}},
	})
	doc, err := Read("r.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Guild elects a chair" {
		t.Errorf("title %q", doc.Title)
	}
	want := "The guild met on Monday. Chair Mo Arden & Vice-Chair Lu Sand presided.\n\nMembers spoke."
	if doc.Text != want {
		t.Errorf("text %q", doc.Text)
	}
}

func TestDOCXErrors(t *testing.T) {
	ole := append(append([]byte{}, oleMagic...), make([]byte, 100)...)
	if _, err := Read("r.docx", ole); !errors.Is(err, ErrEncrypted) {
		t.Errorf("protected: %v", err)
	}
	if _, err := Read("r.docx", []byte("PK not really")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("not a zip: %v", err)
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{"a.txt": true, "a.MD": true, "a.htm": true, "a.pdf": true, "a.docx": true, "a.doc": false, "a.exe": false, "a": false} {
		if Supported(name) != want {
			t.Errorf("Supported(%q) = %v", name, !want)
		}
	}
	if _, err := Read("a.exe", nil); !errors.Is(err, ErrUnsupported) {
		t.Errorf("exe: %v", err)
	}
}

// A page in windows-1252, as older sites serve them, reads as text.
func TestHTMLCharset(t *testing.T) {
	src := []byte("<html><head><meta charset=\"windows-1252\"></head><body><p>Chair Ren\xe9e Fabre presided \x96 briefly.</p></body></html>")
	doc, err := Read("old.html", src)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != "Chair Ren\u00e9e Fabre presided \u2013 briefly." {
		t.Errorf("text %q", doc.Text)
	}
}

// No input makes a reader panic or hang; a bad one is an error.
func FuzzRead(f *testing.F) {
	f.Add("a.md", []byte("---\ntags: [a]\n---\n# T\n\n[x](y) text"))
	f.Add("a.html", []byte(page))
	f.Add("a.pdf", formatstest.PDF(f, formatstest.PDFLines("One line."), false))
	f.Add("a.docx", formatstest.DOCX(f, []formatstest.Para{{Runs: []string{"Text."}}}))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		_, _ = Read(name, data)
	})
}

package formats

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// A web page keeps its article: the headline, the dateline and the body
// paragraphs. Navigation, headers and footers of the site, sidebars,
// scripts, forms and figures go. The article is the <article> (or <main>)
// element when the page marks one, else the element holding the most
// paragraph text — the core idea of readability extractors, kept small
// enough to reason about for the short news pages reports are.

// dropped elements never hold article prose.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Button: true, atom.Iframe: true, atom.Svg: true, atom.Figure: true,
	atom.Select: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
	atom.Pre: true, atom.Menu: true, atom.Dialog: true, atom.Head: true,
}

// droppedRoles are ARIA landmarks that are the site, not the article.
var droppedRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "menu": true, "menubar": true, "dialog": true, "alert": true,
}

// boilerplate matches class and id names sites give to what is not the
// article (menus, share bars, related links, cookie notices, ads).
var boilerplate = regexp.MustCompile(`(?i)(^|[-_ ])(nav|navbar|menu|breadcrumbs?|footer|sidebar|share|sharing|social|related|comments?|cookie|consent|banner|advert|ads?|promo|subscribe|newsletter|popup|modal|skip|masthead)([-_ ]|$)`)

// blocks end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Address: true, atom.Hr: true, atom.Center: true,
}

func readHTML(data []byte) (Document, error) {
	var r io.Reader = bytes.NewReader(data)
	if !utf8.Valid(data) {
		// An older page in its own charset (windows-1252, Shift_JIS, …): the
		// page's <meta charset> says which; without one, the usual guess.
		cr, err := charset.NewReader(r, "text/html")
		if err != nil {
			return Document{}, corrupt(err)
		}
		r = cr
	}
	root, err := html.Parse(r)
	if err != nil {
		return Document{}, corrupt(err)
	}
	var doc Document
	doc.Date = metaDate(root)
	article := findArticle(root)
	if h := first(article, atom.H1); h != nil {
		doc.Title = textOf(h)
	} else if h := first(root, atom.H1); h != nil && !isBoilerplate(h) {
		doc.Title = textOf(h)
	}
	if doc.Title == "" {
		doc.Title = metaContent(root, "og:title")
	}
	if doc.Title == "" {
		if t := first(root, atom.Title); t != nil {
			doc.Title = siteSuffix.ReplaceAllString(textOf(t), "")
		}
	}
	if doc.Date == "" {
		if t := first(article, atom.Time); t != nil {
			doc.Date = timeDate(t)
		} else if t := first(root, atom.Time); t != nil {
			doc.Date = timeDate(t)
		}
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		paras = append(paras, cur.String())
		cur.Reset()
	}
	var walk func(n *html.Node, top bool)
	walk = func(n *html.Node, top bool) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if isBoilerplate(n) {
				return
			}
			// The headline is the document's title, not a sentence of it.
			if n.DataAtom == atom.H1 && textOf(n) == doc.Title {
				flush()
				return
			}
			// A site header outside the article; the article's own header
			// carries the headline and dateline and stays.
			if n.DataAtom == atom.Header && top {
				return
			}
			if n.DataAtom == atom.Br {
				cur.WriteString(" ")
				return
			}
		}
		block := n.Type == html.ElementNode && blocks[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, top && n != article)
		}
		if block {
			flush()
		}
	}
	walk(article, article == bodyOf(root))
	flush()
	doc.Text = joinParagraphs(paras)
	return doc, nil
}

// siteSuffix is the " | Site name" or " - Site" a <title> usually ends with.
var siteSuffix = regexp.MustCompile(`\s+[|–—-]\s+[^|–—-]+$`)

func isBoilerplate(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if dropped[n.DataAtom] {
		return true
	}
	if attr(n, "hidden") != "" || strings.Contains(strings.ReplaceAll(attr(n, "style"), " ", ""), "display:none") || attr(n, "aria-hidden") == "true" {
		return true
	}
	if droppedRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main || n.DataAtom == atom.Body {
		return false
	}
	return boilerplate.MatchString(attr(n, "class")) || boilerplate.MatchString(attr(n, "id"))
}

// findArticle is the element that holds the article.
func findArticle(root *html.Node) *html.Node {
	if a := first(root, atom.Article); a != nil {
		return a
	}
	if m := first(root, atom.Main); m != nil {
		return m
	}
	var main *html.Node
	visit(root, func(n *html.Node) bool {
		if main == nil && strings.EqualFold(attr(n, "role"), "main") {
			main = n
		}
		return main == nil
	})
	if main != nil {
		return main
	}
	// The element whose own paragraphs hold the most text.
	body := bodyOf(root)
	best, bestScore := body, 0
	visit(body, func(n *html.Node) bool {
		if isBoilerplate(n) {
			return false
		}
		score := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.P {
				score += len(textOf(c))
			}
		}
		if score > bestScore {
			best, bestScore = n, score
		}
		return true
	})
	return best
}

func bodyOf(root *html.Node) *html.Node {
	if b := first(root, atom.Body); b != nil {
		return b
	}
	return root
}

// metaDate is the published date a page declares in its head.
func metaDate(root *html.Node) string {
	for _, key := range []string{"article:published_time", "datePublished", "date", "dc.date", "dcterms.date", "pubdate", "publishdate", "og:published_time"} {
		if d := normalizeDate(metaContent(root, key)); d != "" {
			return d
		}
	}
	var d string
	visit(root, func(n *html.Node) bool {
		if d == "" && attr(n, "itemprop") == "datePublished" {
			if d = normalizeDate(attr(n, "content")); d == "" {
				d = timeDate(n)
			}
		}
		return d == ""
	})
	return d
}

func timeDate(n *html.Node) string {
	if d := normalizeDate(attr(n, "datetime")); d != "" {
		return d
	}
	return normalizeDate(textOf(n))
}

// metaContent is the content of <meta name|property|itemprop=key>.
func metaContent(root *html.Node, key string) string {
	var v string
	visit(root, func(n *html.Node) bool {
		if v == "" && n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			for _, a := range []string{"property", "name", "itemprop"} {
				if strings.EqualFold(attr(n, a), key) {
					v = strings.TrimSpace(attr(n, "content"))
				}
			}
		}
		return v == ""
	})
	return v
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// visit walks n's subtree depth-first; f returns false to skip a subtree.
func visit(n *html.Node, f func(*html.Node) bool) {
	if !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		visit(c, f)
	}
}

// first is the first element of kind a under n, skipping boilerplate.
func first(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	visit(n, func(x *html.Node) bool {
		if found != nil {
			return false
		}
		if x.Type == html.ElementNode && x.DataAtom == a {
			found = x
			return false
		}
		return x == n || x.DataAtom == atom.Head || !isBoilerplate(x)
	})
	return found
}

// textOf is the visible text under n, white space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	visit(n, func(x *html.Node) bool {
		switch {
		case x.Type == html.TextNode:
			b.WriteString(x.Data)
		case x.Type == html.ElementNode && (blocks[x.DataAtom] || x.DataAtom == atom.Br):
			b.WriteByte(' ')
		}
		return x == n || x.Type != html.ElementNode || (x.DataAtom != atom.Script && x.DataAtom != atom.Style)
	})
	return strings.TrimSpace(spaces.ReplaceAllString(strings.ReplaceAll(b.String(), "\n", " "), " "))
}

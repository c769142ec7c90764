// Package formatstest writes small PDF and Word files for tests, so no test
// needs a binary fixture or a copied document.
package formatstest

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
)

// PDF writes a one-page PDF whose content stream is content, by hand,
// with a correct cross-reference table. encrypt adds an /Encrypt
// dictionary whose user password is not empty, as a protected file has.
func PDF(t testing.TB, content string, encrypt bool) []byte {
	t.Helper()
	return pdf(t, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content), encrypt)
}

// PDFFlate is PDF with the content stream compressed (FlateDecode), as
// most PDF writers store it.
func PDFFlate(t testing.TB, content string) []byte {
	t.Helper()
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return pdf(t, fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()), false)
}

func pdf(t testing.TB, contentObj string, encrypt bool) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		contentObj,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	if encrypt {
		pad := "(" + strings.Repeat("x", 32) + ")"
		objs = append(objs, "<< /Filter /Standard /V 1 /R 2 /O "+pad+" /U "+pad+" /P -4 >>")
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	trailer := fmt.Sprintf("/Size %d /Root 1 0 R", len(objs)+1)
	if encrypt {
		trailer += fmt.Sprintf(" /Encrypt %d 0 R /ID [(0123456789abcdef) (0123456789abcdef)]", len(objs))
	}
	fmt.Fprintf(&b, "trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n", trailer, xref)
	return b.Bytes()
}

// PDFLines is a content stream showing each line; an empty line leaves a
// paragraph gap.
func PDFLines(lines ...string) string {
	var b strings.Builder
	b.WriteString("BT /F1 12 Tf 72 720 Td\n")
	for _, l := range lines {
		if l == "" {
			b.WriteString("0 -16 Td\n")
			continue
		}
		r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
		fmt.Fprintf(&b, "(%s) Tj 0 -14 Td\n", r.Replace(l))
	}
	b.WriteString("ET")
	return b.String()
}

// Para is one paragraph of a Word document, with an optional style.
type Para struct {
	Style string
	Runs  []string
}

// DOCX writes a minimal .docx: the parts Word itself needs to open it.
func DOCX(t testing.TB, paras []Para) []byte {
	t.Helper()
	var body strings.Builder
	for _, p := range paras {
		body.WriteString("<w:p>")
		if p.Style != "" {
			fmt.Fprintf(&body, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, p.Style)
		}
		for _, r := range p.Runs {
			var esc bytes.Buffer
			_ = xml.EscapeText(&esc, []byte(r))
			fmt.Fprintf(&body, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, esc.String())
		}
		body.WriteString("</w:p>")
	}
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`,
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

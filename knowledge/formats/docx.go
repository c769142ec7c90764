package formats

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// A Word document (.docx) is a zip of XML parts; the standard library reads
// both, so no dependency is needed. The text is word/document.xml's
// paragraphs; a first paragraph styled Title (or Heading 1) is the headline.
// Deleted tracked changes and field codes are not text a reader sees.

// oleMagic starts an OLE compound file: what Word writes for a password-
// protected document (and for the old .doc format).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// maxDocXML bounds the unpacked document part, against zip bombs.
const maxDocXML = 64 << 20

func readDOCX(data []byte) (Document, error) {
	if bytes.HasPrefix(data, oleMagic) {
		return Document{}, ErrEncrypted
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Document{}, corrupt(err)
	}
	var part *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			part = f
		}
	}
	if part == nil {
		return Document{}, corrupt(errors.New("no word/document.xml"))
	}
	rc, err := part.Open()
	if err != nil {
		return Document{}, corrupt(err)
	}
	defer rc.Close()
	return docxText(io.LimitReader(rc, maxDocXML))
}

func docxText(r io.Reader) (Document, error) {
	var doc Document
	var paras []string
	var cur strings.Builder
	style := ""
	inText, skip := false, 0
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Document{}, corrupt(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				cur.Reset()
				style = ""
			case "pStyle":
				style = xmlAttr(t, "val")
			case "t":
				inText = true
			case "tab", "br", "cr":
				cur.WriteByte(' ')
			case "delText", "instrText":
				skip++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "delText", "instrText":
				skip--
			case "p":
				s := strings.TrimSpace(cur.String())
				if s == "" {
					continue
				}
				st := strings.ToLower(strings.ReplaceAll(style, " ", ""))
				if doc.Title == "" && len(paras) == 0 && (st == "title" || st == "heading1") {
					doc.Title = s
					continue
				}
				paras = append(paras, s)
			}
		case xml.CharData:
			if inText && skip == 0 {
				cur.Write(t)
			}
		}
	}
	doc.Text = joinParagraphs(paras)
	return doc, nil
}

func xmlAttr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

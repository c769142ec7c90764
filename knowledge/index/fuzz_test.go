package index

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// FuzzDecode feeds damaged index files to Decode. The checksum would turn
// almost every mutation away at the door, so the fuzzer signs its input
// with a valid checksum first: that way the table checks behind it are
// what gets exercised. Decode must refuse or return an index that
// searches without panicking.
func FuzzDecode(f *testing.F) {
	var ix *Index
	{
		b := NewBuilder()
		b.AddSentence(0, 0, "Chairman Marta Kovalenko presided over the meeting.")
		b.AddSentence(0, 1, "Ines Okafor, vice chairwoman of the Orchard League, spoke.")
		b.AddSentence(2, 0, "The “three bridges” plan was adopted.")
		b.AddName("Marta Kovalenko", 0, 0)
		b.AddTerm("Orchard League", 0, 1)
		b.AddWords("chairman", "presided")
		b.SetLabel("seed")
		var err error
		if ix, err = b.Build(); err != nil {
			f.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	good := buf.Bytes()
	f.Add(good[:len(good)-4])
	f.Add(good[:len(good)/2])
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, body []byte) {
		data := binary.LittleEndian.AppendUint32(append([]byte(nil), body...), crc32.Checksum(body, castagnoli))
		ix, err := Decode(data)
		if err != nil {
			return
		}
		for _, text := range []string{"who presided over the meeting", "marta kovalnko"} {
			q := ix.Analyze(text)
			ix.Search(q, Options{K: 3})
			ix.SearchReports(q, Options{K: 3, MinMatched: 1})
			for r := 0; r < 4; r++ {
				ix.SearchReport(q, r, Options{K: 3})
			}
			ix.Names.LookupQuery(q, 3)
			_ = ix.Words().Len()
		}
	})
}

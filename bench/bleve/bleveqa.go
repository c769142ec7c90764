// Package bleveqa is the Bleve baseline for the index benchmark: the same
// two-step answer (best report, then its best sentences) as bench/qa, with
// Bleve v2 doing the matching — BM25 scoring and fuzzy match queries. It
// lives in its own module so the product never depends on Bleve.
package bleveqa

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/bench/qa"
	"github.com/reportbot/reportbot/knowledge/index"
)

// System answers with two Bleve indexes: one document per report and one
// per sentence.
type System struct {
	reports, sentences bleve.Index
	s                  *qa.Sentences
}

func newMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = en.AnalyzerName
	doc := bleve.NewDocumentMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = false
	text.IncludeTermVectors = false
	doc.AddFieldMappingsAt("text", text)
	rep := bleve.NewTextFieldMapping()
	rep.Analyzer = keyword.Name
	rep.Store = false
	rep.IncludeTermVectors = false
	doc.AddFieldMappingsAt("report", rep)
	m.DefaultMapping = doc
	return m
}

// Build indexes c under dir (two scorch indexes, created there).
func Build(c *corpus.Corpus, s *qa.Sentences, dir string) (*System, error) {
	reports, err := bleve.New(dir+"/reports", newMapping())
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	sentences, err := bleve.New(dir+"/sentences", newMapping())
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	sys := &System{reports: reports, sentences: sentences, s: s}
	const batchSize = 2000
	b := reports.NewBatch()
	for r, rep := range c.Reports {
		if err := b.Index(strconv.Itoa(r), map[string]any{"text": strings.Join(rep.Sentences(), " ")}); err != nil {
			return nil, err
		}
		if b.Size() >= batchSize/10 {
			if err := reports.Batch(b); err != nil {
				return nil, err
			}
			b = reports.NewBatch()
		}
	}
	if err := reports.Batch(b); err != nil {
		return nil, err
	}
	b = sentences.NewBatch()
	for i, t := range s.Text {
		r := s.Report[i]
		id := strconv.Itoa(r) + "/" + strconv.Itoa(s.Index[i])
		if err := b.Index(id, map[string]any{"text": t, "report": strconv.Itoa(r)}); err != nil {
			return nil, err
		}
		if b.Size() >= batchSize {
			if err := sentences.Batch(b); err != nil {
				return nil, err
			}
			b = sentences.NewBatch()
		}
	}
	if err := sentences.Batch(b); err != nil {
		return nil, err
	}
	return sys, nil
}

// Close closes both indexes.
func (x *System) Close() error {
	err1 := x.reports.Close()
	err2 := x.sentences.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

func (*System) Name() string { return "Bleve v2 (BM25, fuzzy)" }

// words are the question's words as fuzzy match queries, with the same
// edit limits as the index.
func words(question string) []query.Query {
	var out []query.Query
	seen := map[string]bool{}
	for _, w := range index.Terms(question) {
		if seen[w] {
			continue
		}
		seen[w] = true
		m := bleve.NewMatchQuery(w)
		m.SetField("text")
		m.SetFuzziness(index.MaxEdits(w))
		out = append(out, m)
	}
	return out
}

func (x *System) Answer(question string) Answer {
	return x.answer(context.Background(), question)
}

// Answer is qa.Answer, named here for brevity.
type Answer = qa.Answer

func (x *System) answer(ctx context.Context, question string) Answer {
	ws := words(question)
	if len(ws) == 0 {
		return Answer{}
	}
	any := bleve.NewDisjunctionQuery(ws...)
	any.SetMin(float64(qa.Need(len(ws))))
	req := bleve.NewSearchRequestOptions(any, qa.Rerank, 0, false)
	res, err := x.reports.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		return Answer{}
	}
	inReport := func(r string, q query.Query, size int) []int {
		rq := bleve.NewTermQuery(r)
		rq.SetField("report")
		req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(rq, q), size, 0, false)
		res, err := x.sentences.SearchInContext(ctx, req)
		if err != nil {
			return nil
		}
		var out []int
		for _, h := range res.Hits {
			_, s, _ := strings.Cut(h.ID, "/")
			i, _ := strconv.Atoi(s)
			out = append(out, i)
		}
		return out
	}
	// As the index system does: of the best few reports, prefer the one
	// whose best sentence scores highest added to its own score.
	best, bestScore := "", 0.0
	for _, h := range res.Hits {
		rq := bleve.NewTermQuery(h.ID)
		rq.SetField("report")
		sreq := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(rq, bleve.NewDisjunctionQuery(ws...)), 1, 0, false)
		sc := h.Score
		if sres, err := x.sentences.SearchInContext(ctx, sreq); err == nil && len(sres.Hits) > 0 {
			sc += sres.Hits[0].Score
		}
		if best == "" || sc > bestScore {
			best, bestScore = h.ID, sc
		}
	}
	r, _ := strconv.Atoi(best)
	n := x.s.Start[r+1] - x.s.Start[r]
	ranked := inReport(best, bleve.NewDisjunctionQuery(ws...), n)
	pred := map[int]bool{}
	for _, i := range inReport(best, ws[0], n) {
		pred[i] = true
	}
	return x.s.Pick(r, ranked, func(i int) bool { return pred[i] })
}

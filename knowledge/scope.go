package knowledge

import "slices"

// HasAnyTag reports whether the report carries one of tags.
func (r *Report) HasAnyTag(tags []string) bool {
	for _, t := range r.Tags {
		if slices.Contains(tags, t) {
			return true
		}
	}
	return false
}

// Scope is the knowledge base seen by a chat scoped to tags: only the
// reports carrying one of them, with the same curated answers and
// synonyms. No tags means the whole knowledge base. Reports are shared,
// not copied; only the search index is built anew.
func (kb *KB) Scope(tags []string) *KB {
	if kb == nil || len(tags) == 0 {
		return kb
	}
	out := kb.ScopeList(tags)
	out.useBuiltIndex()
	return out
}

// ScopeList is Scope without a search index of its own: enough to read the
// reports (a digest lists them), and cheap; searching it falls back to the
// linear scan.
func (kb *KB) ScopeList(tags []string) *KB {
	if kb == nil || len(tags) == 0 {
		return kb
	}
	out := &KB{QAs: kb.QAs, Synonyms: kb.Synonyms}
	for _, r := range kb.Reports {
		if r.HasAnyTag(tags) {
			out.Reports = append(out.Reports, r)
		}
	}
	return out
}

// Extend is kb with more reports after its own, each already parsed: how
// reports added at run time join the reports from folders without those
// being read and extracted again. When kb has a search index, only the new
// reports are indexed and joined to it (index.Append), which gives the
// index a whole build would; kb itself is not changed, so readers of it
// are undisturbed and the caller swaps the new KB in.
func Extend(kb *KB, more []*Report) *KB {
	if len(more) == 0 {
		return kb
	}
	var reports []*Report
	if kb != nil {
		reports = kb.Reports
	}
	all := append(slices.Clip(reports), more...)
	if x, ok := kb.indexed(); ok {
		out := &KB{Reports: all, QAs: kb.QAs, Synonyms: kb.Synonyms}
		if ix, fresh, err := appendIndex(x.ix, reports, more); err == nil {
			out.retriever = newIndexedWith(out, ix, x.stemWords.with(fresh), x)
			return out
		}
	}
	return kb.derive(all)
}

// indexed is kb's index retriever, if it has one.
func (kb *KB) indexed() (*indexed, bool) {
	if kb == nil {
		return nil, false
	}
	x, ok := kb.retriever.(*indexed)
	return x, ok
}

// derive is a KB over reports that keeps kb's curated answers and synonyms.
func (kb *KB) derive(reports []*Report) *KB {
	out := &KB{Reports: reports}
	if kb != nil {
		out.QAs, out.Synonyms = kb.QAs, kb.Synonyms
	}
	out.useBuiltIndex()
	return out
}

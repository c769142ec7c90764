package storetest

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/store"
)

func testReports(t *testing.T, s store.Store) {
	if rs, err := s.ListReports(ctx); err != nil || len(rs) != 0 {
		t.Fatalf("empty store: %v, %v", rs, err)
	}
	// Binary data (a PDF, a zip) must come back byte for byte.
	data := []byte("%PDF-1.4\x00\xff\xfe binary\n")
	a := store.StoredReport{ID: "minutes-1a2b", Name: "Minutes.pdf", Data: data, Tags: []string{"finance", "weekly"}, AddedBy: "telegram:42", AddedAt: t0}
	b := store.StoredReport{ID: "notes-3c4d", Name: "notes.md", Data: []byte("# Notes\n"), AddedBy: "cli", AddedAt: t0.Add(time.Minute)}
	must(t, s.AddReport(ctx, b))
	must(t, s.AddReport(ctx, a))
	if err := s.AddReport(ctx, store.StoredReport{ID: a.ID, Name: "other.txt", Data: []byte("x"), AddedAt: t0}); !errors.Is(err, store.ErrReportExists) {
		t.Fatalf("duplicate ID: %v", err)
	}
	rs, err := s.ListReports(ctx)
	must(t, err)
	if len(rs) != 2 || rs[0].ID != a.ID || rs[1].ID != b.ID {
		t.Fatalf("list is not oldest first: %+v", rs)
	}
	if rs[0].Data != nil || !reflect.DeepEqual(rs[0].Tags, a.Tags) || rs[0].Name != a.Name || rs[0].AddedBy != a.AddedBy || !rs[0].AddedAt.Equal(t0) {
		t.Errorf("listed %+v", rs[0])
	}
	if rs[1].Tags != nil {
		t.Errorf("untagged report lists tags %q", rs[1].Tags)
	}
	got, ok, err := s.ReportData(ctx, a.ID)
	must(t, err)
	if !ok || !bytes.Equal(got.Data, data) || got.Name != a.Name || !reflect.DeepEqual(got.Tags, a.Tags) {
		t.Errorf("data of %s: %+v", a.ID, got)
	}
	if _, ok, err := s.ReportData(ctx, "missing"); err != nil || ok {
		t.Errorf("missing report: ok=%v err=%v", ok, err)
	}
	if ok, err := s.RemoveReport(ctx, a.ID); err != nil || !ok {
		t.Fatalf("remove: %v %v", ok, err)
	}
	if ok, err := s.RemoveReport(ctx, a.ID); err != nil || ok {
		t.Fatalf("remove twice: %v %v", ok, err)
	}
	rs, err = s.ListReports(ctx)
	must(t, err)
	if len(rs) != 1 || rs[0].ID != b.ID {
		t.Fatalf("after remove: %+v", rs)
	}
}

func testScopes(t *testing.T, s store.Store) {
	a := store.Chat{Platform: "slack", ID: "C1"}
	b := store.Chat{Platform: "telegram", ID: "C1"}
	if tags, err := s.Scope(ctx, a); err != nil || tags != nil {
		t.Fatalf("unscoped chat: %q %v", tags, err)
	}
	must(t, s.SetScope(ctx, a, []string{"finance", "ports"}, t0))
	must(t, s.SetScope(ctx, b, []string{"sport"}, t0))
	must(t, s.SetScope(ctx, a, []string{"ports"}, t0.Add(time.Hour)))
	if tags, err := s.Scope(ctx, a); err != nil || !reflect.DeepEqual(tags, []string{"ports"}) {
		t.Errorf("scope replaced: %q %v", tags, err)
	}
	if tags, err := s.Scope(ctx, b); err != nil || !reflect.DeepEqual(tags, []string{"sport"}) {
		t.Errorf("same chat ID on another platform: %q %v", tags, err)
	}
	must(t, s.SetScope(ctx, a, nil, t0))
	if tags, err := s.Scope(ctx, a); err != nil || tags != nil {
		t.Errorf("cleared scope: %q %v", tags, err)
	}
}

// LatestMigration is the highest migration number in dir, so that a test
// checking the schema version does not change with every new migration.
func LatestMigration(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	latest := 0
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		if v, err := strconv.Atoi(num); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

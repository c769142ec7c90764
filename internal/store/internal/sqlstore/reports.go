package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/reportbot/reportbot/internal/store"
)

// reportsChannel is the PostgreSQL NOTIFY channel for added and removed
// reports; the payload is the report ID.
const reportsChannel = "reportbot_reports"

func joinTags(tags []string) string { return strings.Join(tags, ",") }

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// notify tells listening replicas about a change, inside the transaction
// so that the notice goes out only if the change commits.
func (s *DB) notify(ctx context.Context, tx *sql.Tx, id string) error {
	if !s.d.Dollar {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, reportsChannel, id)
	return err
}

// AddReport implements store.Reports.
func (s *DB) AddReport(ctx context.Context, r store.StoredReport) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap("add report", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO reports (id, name, data, tags, added_by, added_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
		r.ID, r.Name, r.Data, joinTags(r.Tags), r.AddedBy, ms(r.AddedAt))
	if err != nil {
		return wrap("add report", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap("add report", err)
	} else if n == 0 {
		return store.ErrReportExists
	}
	if err := s.notify(ctx, tx, r.ID); err != nil {
		return wrap("add report", err)
	}
	return wrap("add report", tx.Commit())
}

// RemoveReport implements store.Reports.
func (s *DB) RemoveReport(ctx context.Context, id string) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, wrap("remove report", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.q(`DELETE FROM reports WHERE id = ?`), id)
	if err != nil {
		return false, wrap("remove report", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, wrap("remove report", err)
	}
	if err := s.notify(ctx, tx, id); err != nil {
		return false, wrap("remove report", err)
	}
	return true, wrap("remove report", tx.Commit())
}

// ListReports implements store.Reports.
func (s *DB) ListReports(ctx context.Context) ([]store.StoredReport, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, tags, added_by, added_at FROM reports ORDER BY added_at, id`)
	if err != nil {
		return nil, wrap("list reports", err)
	}
	defer rows.Close()
	var out []store.StoredReport
	for rows.Next() {
		var r store.StoredReport
		var tags string
		var at int64
		if err := rows.Scan(&r.ID, &r.Name, &tags, &r.AddedBy, &at); err != nil {
			return nil, wrap("list reports", err)
		}
		r.Tags, r.AddedAt = splitTags(tags), fromMS(at)
		out = append(out, r)
	}
	return out, wrap("list reports", rows.Err())
}

// ReportData implements store.Reports.
func (s *DB) ReportData(ctx context.Context, id string) (store.StoredReport, bool, error) {
	var r store.StoredReport
	var tags string
	var at int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, name, data, tags, added_by, added_at FROM reports WHERE id = ?`), id).
		Scan(&r.ID, &r.Name, &r.Data, &tags, &r.AddedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return store.StoredReport{}, false, nil
	}
	if err != nil {
		return store.StoredReport{}, false, wrap("report data", err)
	}
	r.Tags, r.AddedAt = splitTags(tags), fromMS(at)
	return r, true, nil
}

// WatchReports implements store.Reports.
func (s *DB) WatchReports(ctx context.Context, wake func()) error {
	if s.d.Listen == nil {
		return store.ErrNoNotify
	}
	return s.d.Listen(ctx, reportsChannel, wake)
}

// SetScope implements store.Scopes.
func (s *DB) SetScope(ctx context.Context, c store.Chat, tags []string, now time.Time) error {
	if len(tags) == 0 {
		_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM chat_scopes WHERE platform = ? AND chat_id = ?`), c.Platform, c.ID)
		return wrap("set scope", err)
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO chat_scopes (platform, chat_id, tags, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (platform, chat_id) DO UPDATE SET tags = excluded.tags, updated_at = excluded.updated_at`),
		c.Platform, c.ID, joinTags(tags), ms(now))
	return wrap("set scope", err)
}

// Scope implements store.Scopes.
func (s *DB) Scope(ctx context.Context, c store.Chat) ([]string, error) {
	var tags string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT tags FROM chat_scopes WHERE platform = ? AND chat_id = ?`), c.Platform, c.ID).Scan(&tags)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap("scope", err)
	}
	return splitTags(tags), nil
}

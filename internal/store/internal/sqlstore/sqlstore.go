// Package sqlstore implements store.Store over database/sql. SQLite and
// PostgreSQL share it: the schema is the same apart from types, and every
// statement is plain SQL both accept (INSERT … ON CONFLICT … RETURNING), so
// the claim logic that must be right lives in one place. The driver
// packages add the connection, the migrations and the dialect.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/reportbot/reportbot/internal/store"
)

// Dialect is what differs between the databases.
type Dialect struct {
	Name string
	// Dollar placeholders ($1, $2) instead of ?.
	Dollar bool
	// MigrationLock runs first inside the migration transaction, so that
	// replicas starting together apply each migration once. Empty: none.
	MigrationLock string
	// Listen waits for notifications on channel and calls wake for each,
	// until ctx ends or the connection fails. Nil: the database cannot
	// notify, and replicas poll.
	Listen func(ctx context.Context, channel string, wake func()) error
}

// DB is a store.Store on a database handle.
type DB struct {
	db *sql.DB
	d  Dialect
}

var _ store.Store = (*DB)(nil)

// New wraps db; it does not migrate (see Migrate).
func New(db *sql.DB, d Dialect) *DB { return &DB{db: db, d: d} }

// Close implements store.Store.
func (s *DB) Close() error { return s.db.Close() }

// SQL exposes the handle for tests and tools.
func (s *DB) SQL() *sql.DB { return s.db }

// q rewrites ? placeholders for the dialect. Our statements never contain
// a literal question mark.
func (s *DB) q(query string) string {
	if !s.d.Dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func ms(t time.Time) int64     { return t.UnixMilli() }
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store %s: %w", op, err)
}

// Subscribe implements store.Subscriptions.
func (s *DB) Subscribe(ctx context.Context, sub store.Subscription) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO subscriptions (platform, chat_id, at_time, timezone, created_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, chat_id) DO UPDATE SET at_time = excluded.at_time, timezone = excluded.timezone,
			created_by = excluded.created_by, updated_at = excluded.updated_at`),
		sub.Chat.Platform, sub.Chat.ID, sub.Time, sub.Timezone, sub.CreatedBy, ms(sub.UpdatedAt))
	return wrap("subscribe", err)
}

// Unsubscribe implements store.Subscriptions.
func (s *DB) Unsubscribe(ctx context.Context, c store.Chat) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM subscriptions WHERE platform = ? AND chat_id = ?`), c.Platform, c.ID)
	if err != nil {
		return false, wrap("unsubscribe", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("unsubscribe", err)
}

const subColumns = `platform, chat_id, at_time, timezone, created_by, updated_at`

func scanSub(sc interface{ Scan(...any) error }) (store.Subscription, error) {
	var sub store.Subscription
	var updated int64
	err := sc.Scan(&sub.Chat.Platform, &sub.Chat.ID, &sub.Time, &sub.Timezone, &sub.CreatedBy, &updated)
	sub.UpdatedAt = fromMS(updated)
	return sub, err
}

// Subscription implements store.Subscriptions.
func (s *DB) Subscription(ctx context.Context, c store.Chat) (store.Subscription, bool, error) {
	row := s.db.QueryRowContext(ctx, s.q(`SELECT `+subColumns+` FROM subscriptions WHERE platform = ? AND chat_id = ?`), c.Platform, c.ID)
	sub, err := scanSub(row)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Subscription{}, false, nil
	}
	if err != nil {
		return store.Subscription{}, false, wrap("subscription", err)
	}
	return sub, true, nil
}

// ListSubscriptions implements store.Subscriptions.
func (s *DB) ListSubscriptions(ctx context.Context) ([]store.Subscription, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+subColumns+` FROM subscriptions ORDER BY platform, chat_id`)
	if err != nil {
		return nil, wrap("list subscriptions", err)
	}
	defer rows.Close()
	var out []store.Subscription
	for rows.Next() {
		sub, err := scanSub(rows)
		if err != nil {
			return nil, wrap("list subscriptions", err)
		}
		out = append(out, sub)
	}
	return out, wrap("list subscriptions", rows.Err())
}

// Claim implements store.Deliveries. The single upsert is the whole
// protocol: the primary key makes (chat, date) unique, and the WHERE on the
// conflict branch takes an existing row over only when it is unfinished
// and its lease has run out. Both databases evaluate that atomically.
func (s *DB) Claim(ctx context.Context, k store.DeliveryKey, owner string, now time.Time, lease time.Duration) (store.Claim, error) {
	var attempt int
	err := s.db.QueryRowContext(ctx, s.q(`INSERT INTO deliveries (platform, chat_id, local_date, owner, lease_until, attempts)
		VALUES (?, ?, ?, ?, ?, 1)
		ON CONFLICT (platform, chat_id, local_date) DO UPDATE
			SET owner = excluded.owner, lease_until = excluded.lease_until, attempts = deliveries.attempts + 1
			WHERE deliveries.outcome = '' AND deliveries.lease_until <= ?
		RETURNING attempts`),
		k.Chat.Platform, k.Chat.ID, k.Date, owner, ms(now.Add(lease)), ms(now)).Scan(&attempt)
	if err == nil {
		return store.Claim{Status: store.Claimed, Attempt: attempt}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return store.Claim{}, wrap("claim", err)
	}
	var outcome string
	err = s.db.QueryRowContext(ctx, s.q(`SELECT outcome, attempts FROM deliveries WHERE platform = ? AND chat_id = ? AND local_date = ?`),
		k.Chat.Platform, k.Chat.ID, k.Date).Scan(&outcome, &attempt)
	if err != nil {
		return store.Claim{}, wrap("claim", err)
	}
	if outcome != "" {
		return store.Claim{Status: store.Finished, Attempt: attempt}, nil
	}
	return store.Claim{Status: store.Busy, Attempt: attempt}, nil
}

// Release implements store.Deliveries.
func (s *DB) Release(ctx context.Context, k store.DeliveryKey, owner string, retryAt time.Time, errText string) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET lease_until = ?, last_error = ?
		WHERE platform = ? AND chat_id = ? AND local_date = ? AND owner = ? AND outcome = ''`),
		ms(retryAt), errText, k.Chat.Platform, k.Chat.ID, k.Date, owner)
	return s.owned("release", res, err)
}

// Finish implements store.Deliveries.
func (s *DB) Finish(ctx context.Context, k store.DeliveryKey, owner string, now time.Time, o store.Outcome) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET outcome = ?, finished_at = ?
		WHERE platform = ? AND chat_id = ? AND local_date = ? AND owner = ? AND outcome = ''`),
		string(o), ms(now), k.Chat.Platform, k.Chat.ID, k.Date, owner)
	return s.owned("finish", res, err)
}

func (s *DB) owned(op string, res sql.Result, err error) error {
	if err != nil {
		return wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return wrap(op, store.ErrLeaseLost)
	}
	return nil
}

// LastDigest implements store.Deliveries.
func (s *DB) LastDigest(ctx context.Context, c store.Chat) (time.Time, bool, error) {
	var last sql.NullInt64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT MAX(finished_at) FROM deliveries
		WHERE platform = ? AND chat_id = ? AND outcome IN ('sent', 'skipped')`), c.Platform, c.ID).Scan(&last)
	if err != nil {
		return time.Time{}, false, wrap("last digest", err)
	}
	if !last.Valid {
		return time.Time{}, false, nil
	}
	return fromMS(last.Int64), true, nil
}

// FirstSeen implements store.Processed: the insert wins for a new key, the
// conflict branch only for an expired one.
func (s *DB) FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error) {
	var got string
	err := s.db.QueryRowContext(ctx, s.q(`INSERT INTO processed (delivery_key, expires_at) VALUES (?, ?)
		ON CONFLICT (delivery_key) DO UPDATE SET expires_at = excluded.expires_at
			WHERE processed.expires_at <= ?
		RETURNING delivery_key`), key, ms(now.Add(ttl)), ms(now)).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrap("first seen", err)
	}
	return true, nil
}

// PurgeProcessed implements store.Processed.
func (s *DB) PurgeProcessed(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM processed WHERE expires_at <= ?`), ms(now))
	if err != nil {
		return 0, wrap("purge processed", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("purge processed", err)
}

// ForgetProcessed implements store.Processed.
func (s *DB) ForgetProcessed(ctx context.Context, key string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM processed WHERE delivery_key = ?`), key)
	return wrap("forget processed", err)
}

// PurgeDeliveries implements store.Retention.
func (s *DB) PurgeDeliveries(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM deliveries
		WHERE ((outcome <> '' AND finished_at < ?) OR (outcome = '' AND lease_until < ?))
		AND NOT (outcome IN ('sent', 'skipped') AND finished_at = (
			SELECT MAX(d.finished_at) FROM deliveries d
			WHERE d.platform = deliveries.platform AND d.chat_id = deliveries.chat_id AND d.outcome IN ('sent', 'skipped')))`),
		ms(before), ms(before))
	return rowsAffected("purge deliveries", res, err)
}

// PurgeUnanswered implements store.Retention.
func (s *DB) PurgeUnanswered(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM unanswered WHERE asked_at < ?`), ms(before))
	return rowsAffected("purge unanswered", res, err)
}

// PurgeSlots implements store.Retention.
func (s *DB) PurgeSlots(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM rate_slots WHERE next_at < ?`), before.UnixMicro())
	return rowsAffected("purge slots", res, err)
}

func rowsAffected(op string, res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, wrap(op, err)
	}
	n, err := res.RowsAffected()
	return n, wrap(op, err)
}

// ReserveSlot implements store.Rates. The upsert reads and moves the
// scope's schedule in one statement: the database's row lock serialises
// replicas, so each gets its own slot.
func (s *DB) ReserveSlot(ctx context.Context, scope string, now time.Time, interval time.Duration) (time.Time, error) {
	nowUS, step := now.UnixMicro(), interval.Microseconds()
	var next int64
	err := s.db.QueryRowContext(ctx, s.q(`INSERT INTO rate_slots (scope, next_at) VALUES (?, ?)
		ON CONFLICT (scope) DO UPDATE SET next_at = CASE
			WHEN rate_slots.next_at < ? THEN ? ELSE rate_slots.next_at + ? END
		RETURNING next_at`), scope, nowUS+step, nowUS, nowUS+step, step).Scan(&next)
	if err != nil {
		return time.Time{}, wrap("reserve slot", err)
	}
	return time.UnixMicro(next - step).UTC(), nil
}

// SpoolDelivery implements store.Spool.
func (s *DB) SpoolDelivery(ctx context.Context, scope string, payload []byte, now time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO spooled_deliveries (scope, payload, spooled_at) VALUES (?, ?, ?)`),
		scope, string(payload), ms(now))
	return wrap("spool delivery", err)
}

// TakeSpooled implements store.Spool: one DELETE … RETURNING, so a row
// goes to whichever replica deletes it.
func (s *DB) TakeSpooled(ctx context.Context, scope string, limit int) ([][]byte, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`DELETE FROM spooled_deliveries WHERE id IN (
		SELECT id FROM spooled_deliveries WHERE scope = ? ORDER BY id LIMIT ?) RETURNING id, payload`), scope, limit)
	if err != nil {
		return nil, wrap("take spooled", err)
	}
	defer rows.Close()
	type row struct {
		id      int64
		payload string
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.payload); err != nil {
			return nil, wrap("take spooled", err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("take spooled", err)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].id < got[j].id })
	out := make([][]byte, len(got))
	for i, r := range got {
		out[i] = []byte(r.payload)
	}
	return out, nil
}

// LogUnanswered implements store.Unanswered.
func (s *DB) LogUnanswered(ctx context.Context, q store.Question) error {
	norm := store.NormalizeQuestion(q.Text)
	if norm == "" {
		return nil
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO unanswered (platform, chat_id, text, norm, asked_at, reply, report) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		q.Chat.Platform, q.Chat.ID, q.Text, norm, ms(q.Asked), q.Reply, q.Report)
	return wrap("log unanswered", err)
}

// MostAsked implements store.Unanswered.
func (s *DB) MostAsked(ctx context.Context, limit int) ([]store.Asked, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT MIN(text), COUNT(*), COUNT(DISTINCT platform || ':' || chat_id), MAX(asked_at)
		FROM unanswered GROUP BY norm ORDER BY COUNT(*) DESC, MAX(asked_at) DESC, MIN(text) LIMIT ?`), limit)
	if err != nil {
		return nil, wrap("most asked", err)
	}
	defer rows.Close()
	var out []store.Asked
	for rows.Next() {
		var a store.Asked
		var last int64
		if err := rows.Scan(&a.Text, &a.Count, &a.Chats, &last); err != nil {
			return nil, wrap("most asked", err)
		}
		a.Last = fromMS(last)
		out = append(out, a)
	}
	return out, wrap("most asked", rows.Err())
}

// ArchiveShown implements store.Archive.
func (s *DB) ArchiveShown(ctx context.Context, c store.Chat) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT item FROM archive_shown WHERE platform = ? AND chat_id = ?`), c.Platform, c.ID)
	if err != nil {
		return nil, wrap("archive shown", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var item string
		if err := rows.Scan(&item); err != nil {
			return nil, wrap("archive shown", err)
		}
		out[item] = true
	}
	return out, wrap("archive shown", rows.Err())
}

// MarkArchiveShown implements store.Archive.
func (s *DB) MarkArchiveShown(ctx context.Context, c store.Chat, item string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO archive_shown (platform, chat_id, item, shown_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (platform, chat_id, item) DO NOTHING`), c.Platform, c.ID, item, ms(now))
	return wrap("mark archive shown", err)
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/reportbot/reportbot/internal/store"
)

// LoadConversation implements store.Conversations.
func (s *DB) LoadConversation(ctx context.Context, k store.ConversationKey, now time.Time) ([]byte, bool, error) {
	var state string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT state FROM conversations
		WHERE platform = ? AND chat_id = ? AND thread = ? AND expires_at > ?`),
		k.Platform, k.Chat, k.Thread, ms(now)).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, wrap("load conversation", err)
	}
	return []byte(state), true, nil
}

// SaveConversation implements store.Conversations.
func (s *DB) SaveConversation(ctx context.Context, k store.ConversationKey, state []byte, now time.Time, ttl time.Duration) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO conversations (platform, chat_id, thread, state, expires_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (platform, chat_id, thread) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at`),
		k.Platform, k.Chat, k.Thread, string(state), ms(now.Add(ttl)))
	return wrap("save conversation", err)
}

// PurgeConversations implements store.Conversations.
func (s *DB) PurgeConversations(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM conversations WHERE expires_at <= ?`), ms(now))
	if err != nil {
		return 0, wrap("purge conversations", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("purge conversations", err)
}

// RecordAnswer implements store.Feedback.
func (s *DB) RecordAnswer(ctx context.Context, a store.Answer) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO answers (id, platform, chat_id, question, norm, answer, report, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
		a.ID, a.Chat.Platform, a.Chat.ID, a.Question, store.NormalizeQuestion(a.Question), a.Text, a.Report, ms(a.At))
	return wrap("record answer", err)
}

// Answer implements store.Feedback.
func (s *DB) Answer(ctx context.Context, id string) (store.Answer, bool, error) {
	a := store.Answer{ID: id}
	var at int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT platform, chat_id, question, answer, report, at FROM answers WHERE id = ?`), id).
		Scan(&a.Chat.Platform, &a.Chat.ID, &a.Question, &a.Text, &a.Report, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Answer{}, false, nil
	}
	if err != nil {
		return store.Answer{}, false, wrap("answer", err)
	}
	a.At = fromMS(at)
	return a, true, nil
}

// PurgeAnswers implements store.Retention. The votes go first, in the
// same transaction, since they reference the answer. A vote cast between
// the two deletes would make the second fail (and the purge retry); the
// voter refuses votes on answers this old, so none is cast.
func (s *DB) PurgeAnswers(ctx context.Context, before time.Time) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, wrap("purge answers", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM votes
		WHERE answer_id IN (SELECT id FROM answers WHERE at < ?)`), ms(before)); err != nil {
		return 0, wrap("purge answers", err)
	}
	res, err := tx.ExecContext(ctx, s.q(`DELETE FROM answers WHERE at < ?`), ms(before))
	n, err := rowsAffected("purge answers", res, err)
	if err != nil {
		return 0, err
	}
	return n, wrap("purge answers", tx.Commit())
}

// CastVote implements store.Feedback. The answer must exist: a button
// from a forged or very old message must not create an orphan vote.
func (s *DB) CastVote(ctx context.Context, v store.Vote) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO votes (answer_id, platform, user_id, value, at)
		SELECT id, ?, ?, ?, ? FROM answers WHERE id = ?
		ON CONFLICT (answer_id, platform, user_id) DO UPDATE SET value = excluded.value, at = excluded.at`),
		v.Platform, v.UserID, v.Value, ms(v.At), v.AnswerID)
	if err != nil {
		return false, wrap("cast vote", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("cast vote", err)
}

// VotedDown implements store.Feedback.
func (s *DB) VotedDown(ctx context.Context, since time.Time, limit int) ([]store.VotedDown, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT MIN(a.question), a.answer, MAX(a.report),
			SUM(CASE WHEN v.value < 0 THEN 1 ELSE 0 END) AS down,
			SUM(CASE WHEN v.value > 0 THEN 1 ELSE 0 END), MAX(v.at) AS last
		FROM votes v JOIN answers a ON a.id = v.answer_id
		WHERE v.at >= ?
		GROUP BY a.norm, a.answer
		HAVING SUM(CASE WHEN v.value < 0 THEN 1 ELSE 0 END) > 0
		ORDER BY down DESC, last DESC, MIN(a.question) LIMIT ?`), ms(since), limit)
	if err != nil {
		return nil, wrap("voted down", err)
	}
	defer rows.Close()
	var out []store.VotedDown
	for rows.Next() {
		var d store.VotedDown
		var last int64
		if err := rows.Scan(&d.Question, &d.Answer, &d.Report, &d.Down, &d.Up, &last); err != nil {
			return nil, wrap("voted down", err)
		}
		d.Last = fromMS(last)
		out = append(out, d)
	}
	return out, wrap("voted down", rows.Err())
}

// Declined implements store.Feedback.
func (s *DB) Declined(ctx context.Context, since time.Time, limit int) ([]store.Asked, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT MIN(text), COUNT(*), COUNT(DISTINCT platform || ':' || chat_id), MAX(asked_at),
			MAX(reply), MAX(report)
		FROM unanswered WHERE asked_at >= ?
		GROUP BY norm ORDER BY COUNT(*) DESC, MAX(asked_at) DESC, MIN(text) LIMIT ?`), ms(since), limit)
	if err != nil {
		return nil, wrap("declined", err)
	}
	defer rows.Close()
	var out []store.Asked
	for rows.Next() {
		var a store.Asked
		var last int64
		if err := rows.Scan(&a.Text, &a.Count, &a.Chats, &last, &a.Reply, &a.Report); err != nil {
			return nil, wrap("declined", err)
		}
		a.Last = fromMS(last)
		out = append(out, a)
	}
	return out, wrap("declined", rows.Err())
}

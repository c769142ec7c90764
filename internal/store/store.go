// Package store is reportbot's persistent state: digest subscriptions, digest
// deliveries, processed platform delivery IDs, the log of unanswered
// questions, conversation context for follow-ups, and answers with the
// votes on them. The interface lives here; internal/store/sqlite (the single-machine
// default) and internal/store/postgres (several replicas) implement it,
// and storetest holds the one test suite both must pass. It is the
// running service's state, so it lives under internal/; the core never
// imports it.
//
// Every method takes the current time from its caller instead of asking the
// database, so tests drive time with an injected clock. Replicas that share
// a PostgreSQL database must therefore keep their clocks in sync (NTP); a
// skew shortens or lengthens leases by that much.
package store

import (
	"context"
	"errors"
	"time"
)

// Store is everything reportbot keeps across restarts.
type Store interface {
	Subscriptions
	Deliveries
	Processed
	Unanswered
	Archive
	Conversations
	Feedback
	Reports
	Scopes
	Retention
	Rates
	Spool
	Close() error
}

// Spool keeps deliveries that were acknowledged to the platform but not
// answered before the replica stopped (a Telegram webhook update cut off
// at shutdown), so that a replica answers them when it starts.
type Spool interface {
	// SpoolDelivery keeps payload under scope (a platform and bot).
	SpoolDelivery(ctx context.Context, scope string, payload []byte, now time.Time) error
	// TakeSpooled removes and returns up to limit of scope's payloads,
	// oldest first. Two replicas taking at once never get the same one.
	TakeSpooled(ctx context.Context, scope string, limit int) ([][]byte, error)
}

// Retention deletes old state, so the tables do not grow forever.
type Retention interface {
	// PurgeDeliveries deletes digest deliveries finished before before (and
	// unfinished ones whose lease ran out before it), except each chat's
	// latest sent or skipped one: that is the chat's "last digest", which
	// the next digest counts from.
	PurgeDeliveries(ctx context.Context, before time.Time) (int64, error)
	// PurgeUnanswered deletes unanswered questions asked before before.
	PurgeUnanswered(ctx context.Context, before time.Time) (int64, error)
	// PurgeSlots deletes send schedules idle since before (one per chat
	// that was ever written to); an idle schedule starts afresh anyway.
	PurgeSlots(ctx context.Context, before time.Time) (int64, error)
	// PurgeAnswers deletes the answers recorded before before, with every
	// vote on them however recent: a vote means nothing without the
	// answer it judged. A button on a purged answer then finds no answer,
	// and CastVote says so (false), as for any unknown ID.
	PurgeAnswers(ctx context.Context, before time.Time) (int64, error)
}

// Rates is a send schedule shared by every replica on the store, so that
// together they keep a platform's global rate limit.
type Rates interface {
	// ReserveSlot takes the next free send slot of scope, at least one
	// interval after the previous slot handed out and not before now, and
	// returns its time: the caller sends then. One atomic statement, so
	// two replicas never get the same slot.
	ReserveSlot(ctx context.Context, scope string, now time.Time, interval time.Duration) (time.Time, error)
}

// Chat names one conversation on one platform.
type Chat struct {
	Platform string
	ID       string
}

func (c Chat) String() string { return c.Platform + ":" + c.ID }

// Subscription is a chat's wish for a daily digest at Time ("HH:MM") in the
// IANA zone Timezone.
type Subscription struct {
	Chat      Chat
	Time      string
	Timezone  string
	CreatedBy string    // platform user ID of whoever subscribed
	UpdatedAt time.Time // a digest whose time had passed before this is not owed today
}

// Subscriptions stores who wants a digest.
type Subscriptions interface {
	// Subscribe creates or replaces the chat's subscription.
	Subscribe(ctx context.Context, s Subscription) error
	// Unsubscribe removes it and reports whether there was one.
	Unsubscribe(ctx context.Context, c Chat) (bool, error)
	// Subscription returns the chat's subscription, if any.
	Subscription(ctx context.Context, c Chat) (Subscription, bool, error)
	// ListSubscriptions returns every subscription.
	ListSubscriptions(ctx context.Context) ([]Subscription, error)
}

// DeliveryKey is one digest: one chat on one local date ("YYYY-MM-DD" in the
// subscription's zone). The store holds at most one delivery per key; that
// unique constraint is what keeps replicas from both posting it.
type DeliveryKey struct {
	Chat Chat
	Date string
}

// ClaimStatus says how a claim went.
type ClaimStatus int

const (
	// Claimed: the caller holds the lease and may send.
	Claimed ClaimStatus = iota
	// Busy: another owner holds an unexpired lease, or a failed attempt's
	// backoff has not run out yet.
	Busy
	// Finished: the delivery was sent, skipped or given up on.
	Finished
)

// Claim is the result of Deliveries.Claim.
type Claim struct {
	Status  ClaimStatus
	Attempt int // 1 for the first claim of a key, 2 for the next, …
}

// Outcome is how a delivery ended.
type Outcome string

const (
	Sent    Outcome = "sent"
	Skipped Outcome = "skipped" // nothing to post; counts as a digest for "since"
	Failed  Outcome = "failed"  // given up after too many attempts
)

// ErrLeaseLost means the caller's lease expired and someone else claimed
// the delivery; if the caller has sent meanwhile, it may have been sent twice.
var ErrLeaseLost = errors.New("store: delivery lease lost")

// Deliveries records digest deliveries so each is posted once.
type Deliveries interface {
	// Claim takes the delivery for owner until now+lease. It succeeds when
	// the key is new, or unfinished with its lease run out (a crashed owner,
	// or a failed attempt whose backoff has passed).
	Claim(ctx context.Context, k DeliveryKey, owner string, now time.Time, lease time.Duration) (Claim, error)
	// Release gives up owner's claim after a failed attempt; the delivery
	// may be claimed again from retryAt. errText is kept for operators.
	Release(ctx context.Context, k DeliveryKey, owner string, retryAt time.Time, errText string) error
	// Finish records the outcome; at is the moment the digest covered
	// reports up to (for Sent and Skipped). It returns ErrLeaseLost when
	// owner no longer holds the claim.
	Finish(ctx context.Context, k DeliveryKey, owner string, at time.Time, o Outcome) error
	// LastDigest is the "at" of the chat's last sent or skipped digest.
	LastDigest(ctx context.Context, c Chat) (time.Time, bool, error)
}

// Processed remembers platform delivery IDs (Telegram update IDs, Slack
// event IDs) so that a retry reaching any replica is answered only once.
type Processed interface {
	// FirstSeen records key until now+ttl and reports whether it was new
	// (or its earlier record had expired).
	FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error)
	// PurgeProcessed deletes records expired before now.
	PurgeProcessed(ctx context.Context, now time.Time) (int64, error)
	// ForgetProcessed deletes key's record, so the key is new again (a
	// delivery abandoned before its reply was sent). No record is no error.
	ForgetProcessed(ctx context.Context, key string) error
}

// Question is one question the bot could not answer.
type Question struct {
	Chat  Chat
	Text  string
	Asked time.Time
	// Reply is what the bot said instead of an answer, Report the report
	// it named, if any; both may be empty.
	Reply  string
	Report string
}

// Asked is one entry of the most-asked unanswered questions.
type Asked struct {
	Text  string // as someone wrote it
	Count int
	Chats int // in how many different chats
	Last  time.Time
	// Reply and Report are from the latest time it was asked (Declined
	// only; MostAsked leaves them empty).
	Reply  string
	Report string
}

// Unanswered is the log a curator reads to see what the bot is missing.
type Unanswered interface {
	LogUnanswered(ctx context.Context, q Question) error
	// MostAsked groups questions by their normalised text, most asked first.
	MostAsked(ctx context.Context, limit int) ([]Asked, error)
}

// Archive remembers which "from the archive" items a chat was shown, so it
// is never shown the same one twice.
type Archive interface {
	ArchiveShown(ctx context.Context, c Chat) (map[string]bool, error)
	MarkArchiveShown(ctx context.Context, c Chat, item string, now time.Time) error
}

// StoredReport is a report file added through chat or the CLI. It is kept
// as it was sent; every replica parses it itself.
type StoredReport struct {
	ID      string
	Name    string // the file name as sent, with its extension
	Data    []byte // empty in ListReports
	Tags    []string
	AddedBy string // "platform:userID", or "cli"
	AddedAt time.Time
}

// ErrReportExists means a report with that ID is already stored.
var ErrReportExists = errors.New("store: a report with that ID exists")

// Reports stores reports added at run time, so that every replica serves
// the same set.
type Reports interface {
	// AddReport stores r; it returns ErrReportExists if r.ID is taken.
	AddReport(ctx context.Context, r StoredReport) error
	// RemoveReport deletes a report and reports whether there was one.
	RemoveReport(ctx context.Context, id string) (bool, error)
	// ListReports lists every stored report without its data, oldest first.
	ListReports(ctx context.Context) ([]StoredReport, error)
	// ReportData returns one report with its data.
	ReportData(ctx context.Context, id string) (StoredReport, bool, error)
	// WatchReports calls wake soon after any replica adds or removes a
	// report, until ctx ends or the connection fails. A store that cannot
	// notify returns ErrNoNotify at once; callers poll ListReports then.
	WatchReports(ctx context.Context, wake func()) error
}

// ErrNoNotify means the store has no change notifications (SQLite).
var ErrNoNotify = errors.New("store: no change notifications; poll instead")

// Scopes stores which tags each chat is scoped to. A chat without a scope
// sees every report.
type Scopes interface {
	// SetScope replaces the chat's tags; no tags removes its scope.
	SetScope(ctx context.Context, c Chat, tags []string, now time.Time) error
	// Scope returns the chat's tags, nil when it is unscoped.
	Scope(ctx context.Context, c Chat) ([]string, error)
}

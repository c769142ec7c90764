package slack

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/metrics"
)

// maxAttempts bounds retries after 429s for one message.
const maxAttempts = 4

// Post implements bot.Poster: an unprompted message (a digest) at the top
// level of a channel.
func (a *Adapter) Post(ctx context.Context, chatID string, doc markup.Doc) error {
	for _, out := range render(doc) {
		if err := a.send(ctx, target{channel: chatID}, out); err != nil {
			return err
		}
	}
	return nil
}

// RateLimitedError is a post refused with 429 whose wait the caller should
// keep rather than this process: a digest's scheduler stores it with the
// delivery, so no replica retries before Slack's Retry-After.
type RateLimitedError struct {
	Wait time.Duration
	Err  error
}

func (e *RateLimitedError) Error() string { return e.Err.Error() }
func (e *RateLimitedError) Unwrap() error { return e.Err }

// RetryAfter is the platform's requested wait (schedule.RetryAfter).
func (e *RateLimitedError) RetryAfter() time.Duration { return e.Wait }

// send posts one message, paced per channel, waiting out 429s that fit
// within ctx's deadline.
func (a *Adapter) send(ctx context.Context, to target, m outMsg) error {
	for attempt := 1; ; attempt++ {
		if err := a.pacer.wait(ctx, to.channel); err != nil {
			return err
		}
		err := a.postOnce(ctx, to, m)
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			return err
		}
		metrics.RateLimited.WithLabelValues("slack").Inc()
		a.pacer.hold(rl.RetryAfter)
		if attempt == maxAttempts {
			return &RateLimitedError{Wait: rl.RetryAfter, Err: fmt.Errorf("slack: still rate limited after %d attempts: %w", attempt, err)}
		}
		// A digest's send gets half its lease: a longer wait goes back to
		// the scheduler, which keeps it where every replica sees it.
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < rl.RetryAfter {
			a.log.Warn("slack: rate limited; leaving the retry to the caller", "retry_after", rl.RetryAfter)
			return &RateLimitedError{Wait: rl.RetryAfter, Err: err}
		}
		a.log.Warn("slack: rate limited", "retry_after", rl.RetryAfter)
	}
}

func (a *Adapter) postOnce(ctx context.Context, to target, m outMsg) error {
	if to.responseURL != "" {
		blocks := slack.Blocks{BlockSet: m.Blocks}
		err := slack.PostWebhookCustomHTTPContext(ctx, to.responseURL, a.opt.HTTPClient, &slack.WebhookMessage{
			ResponseType: slack.ResponseTypeInChannel, Text: m.Text, Blocks: &blocks,
		})
		if err != nil {
			return fmt.Errorf("slack response_url: %w", err)
		}
		return nil
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	if to.threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(to.threadTS))
	}
	if _, _, err := a.api.PostMessageContext(ctx, to.channel, opts...); err != nil {
		return fmt.Errorf("slack chat.postMessage: %w", err)
	}
	return nil
}

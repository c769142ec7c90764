package slack

import (
	"context"
	"errors"
	"fmt"

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

// send posts one message, paced per channel, waiting out 429s.
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
		if attempt == maxAttempts {
			return fmt.Errorf("slack: still rate limited after %d attempts: %w", attempt, err)
		}
		a.log.Warn("slack: rate limited", "retry_after", rl.RetryAfter)
		a.pacer.hold(rl.RetryAfter)
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

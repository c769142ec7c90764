package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/slack-go/slack/socketmode"
)

// runSocket holds a Socket Mode connection (the client reconnects by
// itself) and feeds its deliveries to the pipeline until ctx is done.
func (a *Adapter) runSocket(ctx context.Context) error {
	client := socketmode.New(a.api, a.opt.SocketOptions...)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case evt := <-client.Events:
			a.onSocketEvent(ctx, client, evt)
		}
	}
}

// onSocketEvent acknowledges first, then hands the delivery on. Redeliveries
// after a reconnect carry the same event_id and are dropped by dedupe.
func (a *Adapter) onSocketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return
		}
		a.ack(ctx, client, evt.Request.EnvelopeID)
		a.onSocketRequest(evt.Request)
	case socketmode.EventTypeErrorBadMessage:
		// Acknowledge what we cannot parse, so Slack stops redelivering it.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				a.ack(ctx, client, env.EnvelopeID)
			}
			a.log.Warn("slack: unreadable socket mode message", "err", bad.Cause)
		}
	case socketmode.EventTypeConnecting:
		a.log.Debug("slack: socket mode connecting")
	case socketmode.EventTypeConnected:
		a.log.Info("slack: socket mode connected")
	case socketmode.EventTypeConnectionError:
		// Shutting down closes the connection, which the client reports
		// as a failure; it is not one, and nothing will retry.
		if ctx.Err() != nil {
			a.log.Debug("slack: socket mode connection closed for shutdown")
			return
		}
		a.log.Warn("slack: socket mode connection failed; retrying")
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("slack: socket mode rejected the app token")
	}
}

func (a *Adapter) ack(ctx context.Context, client *socketmode.Client, envelopeID string) {
	if envelopeID == "" {
		return
	}
	if err := client.AckCtx(ctx, envelopeID, nil); err != nil && !errors.Is(err, context.Canceled) {
		a.log.Warn("slack: ack failed", "envelope", envelopeID, "err", err)
	}
}

// onSocketRequest decodes the raw payload with the same functions the HTTP
// transport uses, so both transports behave alike.
func (a *Adapter) onSocketRequest(req *socketmode.Request) {
	switch req.Type {
	case socketmode.RequestTypeEventsAPI:
		env, err := decodeEvent(req.Payload)
		if err != nil {
			a.log.Warn("slack: malformed event", "err", err)
			return
		}
		if d, ok := a.eventDelivery(env); ok {
			a.submit(d)
		}
	case socketmode.RequestTypeSlashCommands:
		cmd, err := decodeSlashJSON(req.Payload)
		if err != nil {
			a.log.Warn("slack: malformed slash command", "err", err)
			return
		}
		a.submit(a.slashDelivery(cmd))
	case socketmode.RequestTypeInteractive:
		d, ok, err := voteDelivery(req.Payload)
		if err != nil {
			a.log.Warn("slack: malformed interaction", "err", err)
			return
		}
		if ok {
			a.submit(d)
		}
	}
}

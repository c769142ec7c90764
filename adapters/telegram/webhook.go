package telegram

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// secretHeader carries the secret_token given to setWebhook.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

func webhookPath(publicURL string) (string, error) {
	u, err := url.Parse(publicURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", errors.New("telegram: webhook.public_url must be an absolute URL")
	}
	if u.Path == "" {
		return "/", nil
	}
	return u.Path, nil
}

// serveWebhook listens for Telegram's posts until ctx is done, then stops
// taking requests and waits for those being read.
func (a *Adapter) serveWebhook(ctx context.Context, disp *dispatcher) error {
	ln := a.opts.Webhook.Listener
	if ln == nil {
		var err error
		ln, err = net.Listen("tcp", a.opts.Webhook.Listen)
		if err != nil {
			return fmt.Errorf("telegram webhook: %w", err)
		}
	}
	mux := http.NewServeMux()
	mux.Handle(a.path, a.webhookHandler(disp))
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	if err := a.setWebhook(ctx); err != nil {
		_ = srv.Close()
		<-served
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.log.Info("telegram webhook listening", "addr", ln.Addr().String(), "path", a.path)

	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
		err = fmt.Errorf("telegram webhook: %w", err)
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	// The webhook stays registered: Telegram keeps updates that arrive
	// while we are down and delivers them after the restart.
	if e := srv.Shutdown(shutCtx); e != nil && err == nil {
		err = fmt.Errorf("telegram webhook shutdown: %w", e)
	}
	return err
}

func (a *Adapter) setWebhook(ctx context.Context) error {
	_, err := a.api.call(ctx, "setWebhook", tgbotapi.Params{
		"url":                  a.opts.Webhook.PublicURL,
		"secret_token":         a.opts.Webhook.Secret,
		"allowed_updates":      allowedUpdates,
		"drop_pending_updates": "false",
	})
	if err != nil {
		return fmt.Errorf("telegram setWebhook: %w", err)
	}
	return nil
}

// webhookHandler accepts Telegram's posts: a wrong or missing secret gets
// 401 and nothing is read; a body that is not an update gets 400; anything
// else is acknowledged at once and answered in the background.
func (a *Adapter) webhookHandler(disp *dispatcher) http.Handler {
	want := sha256.Sum256([]byte(a.opts.Webhook.Secret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Hashing first makes the comparison constant-time in the length too.
		got := sha256.Sum256([]byte(r.Header.Get(secretHeader)))
		if r.Header.Get(secretHeader) == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if _, ok := peekUpdateID(body); !ok {
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		// Telegram has its 200 by the time an update could be abandoned
		// and will not deliver it again: it is spooled for the next start.
		switch err := a.intake(r.Context(), disp, body, func() {}, func() { a.spool(body) }); {
		case errors.Is(err, errClosed):
			// Shutting down: Telegram will deliver it again later.
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
		case err != nil:
			a.log.Warn("telegram webhook: bad update", "err", err)
			http.Error(w, "bad update", http.StatusBadRequest)
		default:
			w.WriteHeader(http.StatusOK)
		}
	})
}

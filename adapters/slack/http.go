package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// runHTTP serves the Events API, interactions (button presses) and slash
// commands on one path until ctx is done.
func (a *Adapter) runHTTP(ctx context.Context) error {
	mux := http.NewServeMux()
	mux.Handle(a.opt.Path, a.HTTPHandler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	ln, err := net.Listen("tcp", a.opt.Listen)
	if err != nil {
		return fmt.Errorf("slack http: %w", err)
	}
	a.log.Info("slack events endpoint listening", "addr", ln.Addr().String(), "path", a.opt.Path)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("slack http: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("slack http shutdown: %w", err)
	}
	return nil
}

// HTTPHandler verifies and acknowledges Events API deliveries, interactions
// and slash commands, then hands them to the pipeline. The answer is posted later,
// so Slack always gets its 200 well inside its 3 second window.
func (a *Adapter) HTTPHandler() http.Handler {
	return http.HandlerFunc(a.serveHTTP)
}

func (a *Adapter) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	// Nothing about the body is trusted, or even parsed, before this.
	if err := verify(r.Header, body, a.opt.SigningSecret); err != nil {
		a.log.Warn("slack: rejected a request with a bad signature", "remote", r.RemoteAddr, "err", err)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		if payload, ok := interactionPayload(body); ok {
			a.serveInteraction(w, payload)
			return
		}
		a.serveSlash(w, body)
		return
	}
	env, err := decodeEvent(body)
	if err != nil {
		a.log.Warn("slack: malformed event", "err", err)
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	switch env.Type {
	case slackevents.URLVerification:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": env.Challenge})
		return
	case slackevents.CallbackEvent:
		if retry := r.Header.Get("X-Slack-Retry-Num"); retry != "" {
			a.log.Debug("slack: retried delivery", "event_id", env.EventID, "retry", retry,
				"reason", r.Header.Get("X-Slack-Retry-Reason"))
		}
		if d, ok := a.eventDelivery(env); ok {
			a.submit(d) // non-blocking: the 200 below is not delayed
		}
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveSlash(w http.ResponseWriter, body []byte) {
	cmd, err := decodeSlashForm(body)
	if err != nil {
		a.log.Warn("slack: malformed slash command", "err", err)
		http.Error(w, "malformed slash command", http.StatusBadRequest)
		return
	}
	a.submit(a.slashDelivery(cmd))
	// An empty 200 shows nothing; the answer follows through response_url.
	w.WriteHeader(http.StatusOK)
}

// serveInteraction acknowledges a button press and queues its vote.
func (a *Adapter) serveInteraction(w http.ResponseWriter, payload []byte) {
	d, ok, err := voteDelivery(payload)
	if err != nil {
		a.log.Warn("slack: malformed interaction", "err", err)
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if ok {
		a.submit(d)
	}
	w.WriteHeader(http.StatusOK)
}

// verify checks Slack's request signature and its 5-minute timestamp window.
func verify(h http.Header, body []byte, secret string) error {
	sv, err := slack.NewSecretsVerifier(h, secret)
	if err != nil {
		return err
	}
	if _, err := sv.Write(body); err != nil {
		return err
	}
	return sv.Ensure()
}

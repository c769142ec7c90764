package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// APIError is a Bot API refusal (ok=false). Description never holds the
// token.
type APIError struct {
	Method      string
	Code        int
	Description string
	RetryAfter  time.Duration // set on 429
}

func (e *APIError) Error() string {
	if e.Code == 0 && e.Description == "" {
		return fmt.Sprintf("telegram %s: refused", e.Method)
	}
	return fmt.Sprintf("telegram %s: %d %s", e.Method, e.Code, e.Description)
}

// RateLimitedError is a send refused with 429 whose wait the caller should
// keep rather than this process: a digest's scheduler stores it with the
// delivery, so no replica retries before Telegram's retry_after.
type RateLimitedError struct {
	Wait time.Duration
	Err  *APIError
}

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("%v (retry after %v)", e.Err, e.Wait)
}
func (e *RateLimitedError) Unwrap() error { return e.Err }

// RetryAfter is the platform's requested wait (schedule.RetryAfter).
func (e *RateLimitedError) RetryAfter() time.Duration { return e.Wait }

// client wraps the library's BotAPI. The library builds request URLs with
// the token in the path and takes no context, so every call goes through
// a per-call copy bound to the caller's context, and every error leaving
// here is scrubbed of the token.
type client struct {
	base  *tgbotapi.BotAPI
	http  tgbotapi.HTTPClient
	token string
}

func newClient(token, endpoint string, hc tgbotapi.HTTPClient) *client {
	// Built by hand rather than with NewBotAPIWithClient, which calls getMe
	// at once without a context; Run calls getMe itself.
	api := &tgbotapi.BotAPI{Token: token, Client: hc, Buffer: 100}
	api.SetAPIEndpoint(endpoint)
	return &client{base: api, http: hc, token: token}
}

// with returns a BotAPI whose requests carry ctx.
func (c *client) with(ctx context.Context) *tgbotapi.BotAPI {
	api := *c.base
	api.Client = ctxHTTP{ctx: ctx, next: c.http, token: c.token}
	return &api
}

// call runs one Bot API method and returns its result.
func (c *client) call(ctx context.Context, method string, params tgbotapi.Params) (json.RawMessage, error) {
	resp, err := c.with(ctx).MakeRequest(method, params)
	return c.result(method, resp, err)
}

// request runs one of the library's typed configs; method names it in
// errors.
func (c *client) request(ctx context.Context, method string, cfg tgbotapi.Chattable) (json.RawMessage, error) {
	resp, err := c.with(ctx).Request(cfg)
	return c.result(method, resp, err)
}

func (c *client) result(method string, resp *tgbotapi.APIResponse, err error) (json.RawMessage, error) {
	var tgErr *tgbotapi.Error
	switch {
	case errors.As(err, &tgErr):
		e := &APIError{Method: method, Code: tgErr.Code, Description: c.scrubString(tgErr.Message)}
		if tgErr.RetryAfter > 0 {
			e.RetryAfter = time.Duration(tgErr.RetryAfter) * time.Second
		}
		return nil, e
	case err != nil:
		return nil, fmt.Errorf("telegram %s: %w", method, c.scrub(err))
	case resp == nil:
		return nil, fmt.Errorf("telegram %s: no response", method)
	}
	return resp.Result, nil
}

func (c *client) scrubString(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "<token>")
}

// scrub returns err with the token removed from its text. errors.Is still
// sees through it (context.Canceled matters to callers).
func (c *client) scrub(err error) error {
	if err == nil || c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return &scrubbed{msg: c.scrubString(err.Error()), orig: err}
}

type scrubbed struct {
	msg  string
	orig error
}

func (e *scrubbed) Error() string        { return e.msg }
func (e *scrubbed) Is(target error) bool { return errors.Is(e.orig, target) }

// ctxHTTP binds a context to the library's requests and removes the token
// from the URL that net/http puts into transport errors.
type ctxHTTP struct {
	ctx   context.Context
	next  tgbotapi.HTTPClient
	token string
}

func (h ctxHTTP) Do(req *http.Request) (*http.Response, error) {
	resp, err := h.next.Do(req.WithContext(h.ctx))
	if err == nil {
		return resp, nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return nil, &url.Error{Op: ue.Op, URL: strings.ReplaceAll(ue.URL, h.token, "<token>"), Err: ue.Err}
	}
	return nil, err
}

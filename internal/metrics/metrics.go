// Package metrics holds reportbot's Prometheus collectors. They are package
// variables, the usual Prometheus idiom, so any component can count without
// plumbing; Registry() exposes them for the admin /metrics endpoint.
//
// It lives under internal/: the adapters and the service count, the core
// does not import it.
package metrics

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

var (
	// Questions counts free-text questions by platform and outcome
	// ("answered" or "unanswered").
	Questions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_questions_total", Help: "Free-text questions by platform and outcome.",
	}, []string{"platform", "outcome"})
	// AnswerSeconds is the time the core took to answer.
	AnswerSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "reportbot_answer_seconds", Help: "Time to produce an answer.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5, 1},
	}, []string{"platform"})
	// Commands counts commands by name.
	Commands = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_commands_total", Help: "Chat commands by name.",
	}, []string{"command"})
	// Digests counts digest posts by outcome ("sent" or "failed").
	Digests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_digests_total", Help: "Digest deliveries by platform and outcome.",
	}, []string{"platform", "outcome"})
	// RateLimited counts 429 answers from a platform API.
	RateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_platform_429_total", Help: "HTTP 429 responses received from platform APIs.",
	}, []string{"platform"})
	// Duplicates counts deliveries dropped because they were seen before.
	Duplicates = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_duplicate_deliveries_total", Help: "Platform deliveries dropped as duplicates.",
	}, []string{"platform"})
	// Throttled counts messages refused by the per-user or per-chat question
	// limit, by platform and scope ("user" or "chat").
	Throttled = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_throttled_messages_total", Help: "Messages refused by the per-user or per-chat question limit.",
	}, []string{"platform", "scope"})
	// Panics counts messages whose handling panicked and was recovered.
	Panics = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_handler_panics_total", Help: "Messages whose handling panicked (recovered).",
	}, []string{"platform"})
	// Reloads counts knowledge reloads by outcome ("ok" or "error").
	Reloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_knowledge_reloads_total", Help: "Knowledge base reloads by outcome.",
	}, []string{"outcome"})
)

var (
	once sync.Once
	reg  *prometheus.Registry
)

// Registry returns the registry holding every reportbot collector plus the
// Go runtime and process collectors.
func Registry() *prometheus.Registry {
	once.Do(func() {
		reg = prometheus.NewRegistry()
		reg.MustRegister(Questions, AnswerSeconds, Commands, Digests, RateLimited, Duplicates, Reloads, Throttled, Panics,
			collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	})
	return reg
}

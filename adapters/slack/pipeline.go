package slack

import (
	"context"
	"strings"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/metrics"
)

// delivery is one acknowledged Slack delivery on its way to the core.
type delivery struct {
	key string // dedupe key; "" never deduplicated
	msg bot.Message
	to  target
	// vote, when set, is a feedback button press to record instead of a
	// message to answer.
	vote  *bot.Vote
	files []eventFile // shared with the message; see files.go
}

// target says where the answer goes.
type target struct {
	channel     string
	threadTS    string // "" posts at the top level
	responseURL string // slash commands answer through it when set
}

// submit hands an acknowledged delivery to the pipeline without blocking, so
// acknowledgements never wait for the core.
func (a *Adapter) submit(d delivery) {
	select {
	case a.in <- d:
	default:
		a.log.Warn("slack: intake full, dropping a delivery", "chat", d.msg.ChatID)
	}
}

// intake is the single consumer of a.in: it deduplicates and queues in
// arrival order, which keeps each channel's messages in order.
func (a *Adapter) intake(ctx context.Context, stop <-chan struct{}) {
	for {
		select {
		case d := <-a.in:
			a.accept(ctx, d)
		case <-stop:
			for {
				select {
				case d := <-a.in:
					a.accept(ctx, d)
				default:
					return
				}
			}
		}
	}
}

func (a *Adapter) accept(ctx context.Context, d delivery) {
	if d.key != "" {
		first, err := a.opt.Dedupe.First(ctx, d.key)
		switch {
		case err != nil:
			// A missing answer is worse than a rare second one.
			a.log.Warn("slack: dedupe failed; answering anyway", "key", d.key, "err", err)
		case !first:
			metrics.Duplicates.WithLabelValues("slack").Inc()
			a.log.Debug("slack: duplicate delivery dropped", "key", d.key)
			return
		}
	}
	if !a.disp.push(ctx, d) {
		a.log.Warn("slack: channel queue full, dropping a message", "chat", d.msg.ChatID)
	}
}

// answer runs on a worker: ask the core, render, post.
func (a *Adapter) answer(ctx context.Context, d delivery) {
	defer func() {
		// One bad message must not take the adapter down.
		if p := recover(); p != nil {
			a.log.Error("slack: panic while answering", "chat", d.msg.ChatID, "panic", p)
		}
	}()
	if d.vote != nil {
		a.recordVote(ctx, d)
		return
	}
	m := d.msg
	if m.UserName == "" && m.UserID != "" {
		if u, err := a.users.get(ctx, m.UserID); err == nil {
			m.UserName = u.Name
		}
	}
	if len(d.files) > 0 && a.opt.Files != nil && (m.ChatKind == bot.Private || m.Mentioned) {
		a.answerFiles(ctx, d, m)
		return
	}
	r, ok := a.opt.Handler.Handle(ctx, m)
	if !ok || r.Doc.Empty() {
		return
	}
	outs := render(r.Doc)
	if a.opt.Voter != nil {
		outs = withVoteButtons(outs, r.AnswerID)
	}
	for _, out := range outs {
		if err := a.send(ctx, d.to, out); err != nil {
			a.log.Error("slack: posting the answer failed", "chat", m.ChatID, "err", err)
			return
		}
	}
}

// eventDelivery turns a decoded event into a delivery, or reports false
// when the bot must ignore it: bot messages (its own included), edits,
// joins and other subtypes, and mentions another event already covers.
func (a *Adapter) eventDelivery(env eventEnvelope) (delivery, bool) {
	e := env.Event
	if e == nil || e.SubType != "" || e.BotID != "" || e.User == "" || e.Channel == "" || e.TS == "" {
		return delivery{}, false
	}
	if a.botUserID != "" && e.User == a.botUserID {
		return delivery{}, false
	}
	text, mentioned := plainText(e.Text, a.botUserID)
	m := bot.Message{
		Platform: "slack", ChatID: e.Channel, ChatKind: bot.Group, UserID: e.User,
		Text: text, Mentioned: mentioned, MessageID: e.TS,
		ReplyToBot: a.botUserID != "" && e.ParentUserID == a.botUserID && e.ThreadTS != "" && e.ThreadTS != e.TS,
	}
	im := e.ChannelType == slackevents.ChannelTypeIM || (e.ChannelType == "" && strings.HasPrefix(e.Channel, "D"))
	switch e.Type {
	case "app_mention":
		if im {
			return delivery{}, false // message.im carries direct messages
		}
		m.Mentioned = true
	case "message":
		if !im && mentioned {
			return delivery{}, false // app_mention carries channel mentions
		}
	default:
		return delivery{}, false
	}
	to := target{channel: e.Channel}
	if im {
		m.ChatKind = bot.Private
		to.threadTS = e.ThreadTS // DMs stay flat unless the user opened a thread
	} else {
		to.threadTS = e.ThreadTS
		if to.threadTS == "" {
			to.threadTS = e.TS // start a thread under the question
		}
	}
	m.ThreadID = to.threadTS
	// Follow-ups: a thread is one conversation (a DM outside threads is
	// one too); a message in a thread the bot answered in is for the bot.
	m.Conversation = to.threadTS
	m.InThread = e.ThreadTS != "" && e.ThreadTS != e.TS
	return delivery{key: "slack:" + env.EventID, msg: m, to: to, files: e.Files}, true
}

// slashDelivery turns a slash command into a delivery. The workspace name
// (/report-speakers) is mapped back to the core's (/speakers).
func (a *Adapter) slashDelivery(c slack.SlashCommand) delivery {
	name := strings.ToLower(strings.TrimPrefix(c.Command, "/"))
	if a.prefix != "" {
		name = strings.TrimPrefix(name, a.prefix)
	}
	text := "/" + name
	if args, _ := plainText(c.Text, a.botUserID); args != "" {
		text += " " + args
	}
	kind := bot.Group
	if c.ChannelName == "directmessage" || strings.HasPrefix(c.ChannelID, "D") {
		kind = bot.Private
	}
	d := delivery{
		msg: bot.Message{Platform: "slack", ChatID: c.ChannelID, ChatKind: kind, UserID: c.UserID,
			UserName: c.UserName, Text: text, Mentioned: true},
		to: target{channel: c.ChannelID, responseURL: c.ResponseURL},
	}
	if kind != bot.Private {
		// Slash commands have no thread: each user's /ask follow-ups in a
		// channel are their own conversation.
		d.msg.Conversation = "/" + c.UserID
	}
	if c.TriggerID != "" {
		d.key = "slack:cmd:" + c.TriggerID
	}
	return d
}

// dispatcher runs deliveries with at most `workers` at once, one channel's
// deliveries strictly in order, different channels in parallel. A channel
// has a draining goroutine only while it has work.
type dispatcher struct {
	sem    chan struct{}
	max    int
	run    func(context.Context, delivery)
	wg     sync.WaitGroup
	mu     sync.Mutex
	queues map[string][]delivery
}

func newDispatcher(workers, perChannel int, run func(context.Context, delivery)) *dispatcher {
	return &dispatcher{sem: make(chan struct{}, workers), max: perChannel, run: run, queues: make(map[string][]delivery)}
}

// push queues d behind its channel's earlier deliveries; false when full.
func (q *dispatcher) push(ctx context.Context, d delivery) bool {
	ch := d.msg.ChatID
	q.mu.Lock()
	defer q.mu.Unlock()
	pending, active := q.queues[ch]
	if len(pending) >= q.max {
		return false
	}
	q.queues[ch] = append(pending, d)
	if !active {
		q.wg.Add(1)
		go q.drain(ctx, ch)
	}
	return true
}

func (q *dispatcher) drain(ctx context.Context, ch string) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		pending := q.queues[ch]
		if len(pending) == 0 {
			delete(q.queues, ch)
			q.mu.Unlock()
			return
		}
		d := pending[0]
		q.queues[ch] = pending[1:]
		q.mu.Unlock()

		q.sem <- struct{}{}
		q.run(ctx, d)
		<-q.sem
	}
}

// wait returns when every queued delivery has run.
func (q *dispatcher) wait() { q.wg.Wait() }

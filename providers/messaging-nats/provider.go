package messagingnats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/messaging"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/actorlinks"
	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

// Link values, matched without regard to case.
const (
	// LinkSubscription lists the link's subscriptions: comma-separated subjects, each
	// optionally followed by "|queue" to join a queue group.
	LinkSubscription = "SUBSCRIPTION"
	// LinkURL is the NATS server of the link; the provider's own connection when absent.
	LinkURL = "URL"
)

// DefaultRequestTimeout bounds Messaging.Request when its timeoutMs is 0.
const DefaultRequestTimeout = 2 * time.Second

// MaxConcurrentDeliveries bounds the MessageSubscriber.HandleMessage calls in flight across all
// links of a provider.
const MaxConcurrentDeliveries = 256

// Stats counts the provider's deliveries of subscribed messages to actors.
type Stats struct {
	// Delivered counts HandleMessage calls that succeeded.
	Delivered uint64
	// Failed counts HandleMessage calls that failed (each is logged).
	Failed uint64
}

// callFunc is Conn.CallActor.
type callFunc func(ctx context.Context, actorID string, link ctl.LinkDefinition, op string, payload []byte) ([]byte, error)

// Provider is the NATS messaging provider. Create it with New.
type Provider struct {
	mu    sync.RWMutex
	log   *slog.Logger
	nc    *nats.Conn // the provider's connection; nil until Init
	call  callFunc   // delivers to actors; nil until Init
	links actorlinks.Table[*linkState]

	sem       chan struct{} // bounds deliveries in flight
	delivered atomic.Uint64
	failed    atomic.Uint64
}

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// New returns a provider that takes its NATS connection and its way of calling actors from
// Init, as Run calls it; nil logger means slog.Default().
func New(logger *slog.Logger) *Provider {
	if logger == nil {
		logger = slog.Default()
	}
	return &Provider{log: logger, sem: make(chan struct{}, MaxConcurrentDeliveries)}
}

// Init takes the provider's NATS connection, logger and actor calls from c.
func (p *Provider) Init(_ context.Context, c *provider.Conn) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = c.Logger()
	p.nc = c.NATS()
	p.call = c.CallActor
	return nil
}

// Contract returns wasmcloud:messaging.
func (p *Provider) Contract() string { return messaging.ContractID }

// Stats returns the delivery counts so far.
func (p *Provider) Stats() Stats {
	return Stats{Delivered: p.delivered.Load(), Failed: p.failed.Load()}
}

// subscription is one entry of a SUBSCRIPTION value.
type subscription struct{ subject, queue string }

// linkState is an active link: its connection and subscriptions.
type linkState struct {
	ld     ctl.LinkDefinition
	nc     *nats.Conn
	own    bool   // nc belongs to the link (URL value)
	server string // for messages: the URL or "lattice connection"
	subs   []*nats.Subscription
	ctx    context.Context // ends when the link is closed
	cancel context.CancelFunc

	mu     sync.Mutex // guards closed and wg.Add
	closed bool
	wg     sync.WaitGroup // deliveries in flight
}

// close unsubscribes, waits for the link's deliveries in flight (cancelling them) and closes the
// link's own connection. A nil l is a no-op.
func (l *linkState) close() {
	if l == nil {
		return
	}
	for _, s := range l.subs {
		_ = s.Unsubscribe() // fails only when the connection is closed already
	}
	l.cancel()
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.wg.Wait()
	if l.own {
		l.nc.Close()
	}
}

// PutLink subscribes the actor to the subjects of its SUBSCRIPTION value, on the server of its
// URL value or the provider's connection, replacing its previous link: the old subscriptions
// end before the new ones start. A link with a URL connects in the background (retrying while
// the server is down), so it is accepted and shows in Health until the server is up.
func (p *Provider) PutLink(ctx context.Context, link ctl.LinkDefinition) error {
	p.mu.RLock()
	nc, logger := p.nc, p.log
	p.mu.RUnlock()
	subValue, _ := linkvalues.Lookup(link.Values, LinkSubscription)
	subs, err := parseSubscriptions(subValue)
	if err != nil {
		return fmt.Errorf("messaging-nats: link of actor %s: invalid %s value %q: %w", link.ActorID, LinkSubscription, subValue, err)
	}
	l := &linkState{ld: link, nc: nc, server: "lattice connection"}
	l.ctx, l.cancel = context.WithCancel(context.WithoutCancel(ctx))
	if url, _ := linkvalues.Lookup(link.Values, LinkURL); url != "" {
		l.nc, err = nats.Connect(url, nats.Name("trellis messaging-nats "+link.ActorID),
			nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1))
		if err != nil {
			l.cancel()
			return fmt.Errorf("messaging-nats: link of actor %s: invalid %s value %q: %w", link.ActorID, LinkURL, url, err)
		}
		l.own, l.server = true, url
	} else if nc == nil {
		l.cancel()
		return fmt.Errorf("messaging-nats: link of actor %s: no NATS connection (provider not initialized) and no %s value", link.ActorID, LinkURL)
	}

	if old, ok := p.links.Delete(link.ActorID); ok {
		old.close()
	}

	for _, s := range subs {
		sub, err := l.nc.QueueSubscribe(s.subject, s.queue, func(m *nats.Msg) { p.deliver(l, m) })
		if err != nil {
			l.close()
			return fmt.Errorf("messaging-nats: link of actor %s: subscribe %s: %w", link.ActorID, s.subject, err)
		}
		l.subs = append(l.subs, sub)
	}
	if len(subs) > 0 && l.nc.IsConnected() {
		// Make sure the server has the interest before the link counts as active.
		fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if err := l.nc.FlushWithContext(fctx); err != nil {
			logger.Warn("messaging-nats: flushing subscriptions", "actor", link.ActorID, "err", err)
		}
		cancel()
	}
	p.links.Put(link.ActorID, l)
	logger.Info("messaging-nats link", "actor", link.ActorID, "subscriptions", subValue, "server", l.server)
	return nil
}

// deliver passes m to l's actor in a goroutine, once fewer than MaxConcurrentDeliveries are in
// flight. It blocks the subscription's callback only while the limit is reached (so NATS then
// buffers the subscription's pending messages), and not at all once l is closed.
func (p *Provider) deliver(l *linkState, m *nats.Msg) {
	select {
	case p.sem <- struct{}{}:
	case <-l.ctx.Done():
		return
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		<-p.sem
		return
	}
	l.wg.Add(1)
	l.mu.Unlock()
	go func() {
		defer func() {
			<-p.sem
			l.wg.Done()
		}()
		if l.ctx.Err() != nil {
			return
		}
		p.mu.RLock()
		call, logger := p.call, p.log
		p.mu.RUnlock()
		msg := messaging.SubMessage{Subject: m.Subject, Body: m.Data}
		if m.Reply != "" {
			msg.ReplyTo = &m.Reply
		}
		var err error
		if call == nil {
			err = errors.New("provider not initialized")
		} else {
			_, err = call(l.ctx, l.ld.ActorID, l.ld, messaging.OpHandleMessage, msg.AppendMsg(nil))
		}
		if err != nil {
			p.failed.Add(1)
			logger.Warn("messaging-nats: delivery failed", "actor", l.ld.ActorID, "subject", m.Subject, "err", err)
			return
		}
		p.delivered.Add(1)
	}()
}

// DeleteLink unsubscribes the actor, waits for its deliveries in flight and closes the
// connection of its URL value if it has one.
func (p *Provider) DeleteLink(_ context.Context, link ctl.LinkDefinition) error {
	if l, ok := p.links.Delete(link.ActorID); ok {
		l.close()
	}
	return nil
}

// Handle runs Messaging.Publish or Messaging.Request on the connection of actorID's link.
func (p *Provider) Handle(ctx context.Context, actorID string, _ ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	l, _ := p.links.Get(actorID)
	if op != messaging.OpPublish && op != messaging.OpRequest {
		return nil, fmt.Errorf("%s: unknown operation of %s", op, messaging.ContractID)
	}
	if l == nil {
		return nil, fmt.Errorf("%s: messaging-nats has no link for actor %s", op, actorID)
	}
	if op == messaging.OpPublish {
		return nil, p.publish(l, payload)
	}
	return p.request(ctx, l, payload)
}

func (p *Provider) publish(l *linkState, payload []byte) error {
	var m messaging.PubMessage
	if err := m.UnmarshalMsg(payload); err != nil {
		return fmt.Errorf("%s: %w", messaging.OpPublish, err)
	}
	var err error
	if m.ReplyTo != nil && *m.ReplyTo != "" {
		err = l.nc.PublishRequest(m.Subject, *m.ReplyTo, m.Body)
	} else {
		err = l.nc.Publish(m.Subject, m.Body)
	}
	if err != nil {
		return fmt.Errorf("%s: nats %s subject %q: %w", messaging.OpPublish, l.server, m.Subject, err)
	}
	return nil
}

func (p *Provider) request(ctx context.Context, l *linkState, payload []byte) ([]byte, error) {
	var m messaging.RequestMessage
	if err := m.UnmarshalMsg(payload); err != nil {
		return nil, fmt.Errorf("%s: %w", messaging.OpRequest, err)
	}
	timeout := DefaultRequestTimeout
	if m.TimeoutMs > 0 {
		timeout = time.Duration(m.TimeoutMs) * time.Millisecond
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	reply, err := l.nc.RequestWithContext(rctx, m.Subject, m.Body)
	switch {
	case err == nil:
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		return nil, fmt.Errorf("%s: nats %s subject %q: no reply within %v", messaging.OpRequest, l.server, m.Subject, timeout)
	case errors.Is(err, nats.ErrNoResponders):
		return nil, fmt.Errorf("%s: nats %s subject %q: no responders", messaging.OpRequest, l.server, m.Subject)
	default:
		return nil, fmt.Errorf("%s: nats %s subject %q: %w", messaging.OpRequest, l.server, m.Subject, err)
	}
	out := messaging.ReplyMessage{Subject: reply.Subject, Body: reply.Data}
	if reply.Reply != "" {
		out.ReplyTo = &reply.Reply
	}
	return out.AppendMsg(nil), nil
}

// Health reports every link whose connection is not connected, by actor.
func (p *Provider) Health(context.Context) error {
	var errs []error
	for _, e := range p.links.Sorted() {
		l := e.Value
		if !l.nc.IsConnected() {
			errs = append(errs, fmt.Errorf("actor %s: nats %s: not connected (%s)", e.Actor, l.server, strings.ToLower(l.nc.Status().String())))
		}
	}
	return errors.Join(errs...)
}

// Shutdown unsubscribes every link and closes the connections of URL values. The provider's
// own connection belongs to its caller.
func (p *Provider) Shutdown(context.Context) error {
	for _, l := range p.links.Drain() {
		l.close()
	}
	return nil
}

// parseSubscriptions parses a SUBSCRIPTION value; empty entries are skipped.
func parseSubscriptions(v string) ([]subscription, error) {
	var out []subscription
	for entry := range strings.SplitSeq(v, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		subject, queue, hasQueue := strings.Cut(entry, "|")
		s := subscription{subject: strings.TrimSpace(subject), queue: strings.TrimSpace(queue)}
		if !validSubject(s.subject) {
			return nil, fmt.Errorf("invalid subject %q", s.subject)
		}
		if hasQueue && (s.queue == "" || strings.ContainsAny(s.queue, " \t\r\n|")) {
			return nil, fmt.Errorf("invalid queue group %q of subject %q", s.queue, s.subject)
		}
		out = append(out, s)
	}
	return out, nil
}

// validSubject reports whether s is a NATS subscription subject: non-empty dot-separated
// tokens without white space, where '>' may only be the last token.
func validSubject(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	tokens := strings.Split(s, ".")
	for i, t := range tokens {
		if t == "" || t == ">" && i != len(tokens)-1 {
			return false
		}
	}
	return true
}

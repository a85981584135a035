package lattice

import (
	"context"
	"fmt"
	"sync"

	"github.com/nats-io/nats.go"
)

// DefaultMaxConcurrent bounds the invocations one Subscription handles at a time.
const DefaultMaxConcurrent = 256

// Subscription serves invocations arriving on one subject. Stop it with Stop or by cancelling the
// context given to Serve.
type Subscription struct {
	sub      *nats.Subscription
	closed   chan struct{} // closed when the subscription has delivered its last message
	stopCtx  func() bool
	sem      chan struct{}
	stopOnce sync.Once

	mu       sync.Mutex // orders inflight.Add before inflight.Wait
	stopped  bool
	inflight sync.WaitGroup
}

// Serve subscribes r to subject in queue group queue (for actors the subject itself, for
// providers ProviderQueue; "" for none) and handles each invocation in its own goroutine, at most
// DefaultMaxConcurrent at a time. Handlers get a context derived from ctx; cancelling ctx stops
// the subscription like Stop.
func Serve(ctx context.Context, nc *nats.Conn, subject, queue string, r *Responder) (*Subscription, error) {
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("serve %s: %w", subject, err)
	}
	s := &Subscription{sem: make(chan struct{}, DefaultMaxConcurrent), closed: make(chan struct{})}
	var err error
	if s.sub, err = nc.QueueSubscribe(subject, queue, func(m *nats.Msg) { s.dispatch(ctx, r, m) }); err != nil {
		return nil, fmt.Errorf("serve %s: subscribe: %w", subject, err)
	}
	// nats.go calls the closed handler of an asynchronous subscription after its last callback has
	// returned, whether it ends by drain, unsubscribe or connection close.
	var once sync.Once
	markClosed := func(string) { once.Do(func() { close(s.closed) }) }
	s.sub.SetClosedHandler(markClosed)
	if !s.sub.IsValid() { // the connection closed before the handler was set
		markClosed("")
	}
	if err := nc.Flush(); err != nil { // the subscription is known to the server when Serve returns
		_ = s.sub.Unsubscribe()
		return nil, fmt.Errorf("serve %s: %w", subject, err)
	}
	s.stopCtx = context.AfterFunc(ctx, s.stop)
	return s, nil
}

// dispatch handles m in a goroutine of its own once a concurrency slot is free.
func (s *Subscription) dispatch(ctx context.Context, r *Responder, m *nats.Msg) {
	s.mu.Lock()
	if s.stopped { // only when the connection closed while Serve was setting up
		s.mu.Unlock()
		return
	}
	s.inflight.Add(1)
	s.mu.Unlock()
	s.sem <- struct{}{}
	go func() {
		defer func() { <-s.sem; s.inflight.Done() }()
		r.HandleMsg(ctx, m)
	}()
}

// Subject returns the subject served.
func (s *Subscription) Subject() string { return s.sub.Subject }

// Stop stops receiving, lets invocations already received finish, and returns when they have.
func (s *Subscription) Stop() {
	s.stopCtx()
	s.stop()
}

func (s *Subscription) stop() {
	s.stopOnce.Do(func() {
		// An error means the subscription or its connection is closed already; either way the
		// closed handler runs.
		_ = s.sub.Drain()
		<-s.closed
		s.mu.Lock()
		s.stopped = true
		s.mu.Unlock()
		s.inflight.Wait()
	})
}

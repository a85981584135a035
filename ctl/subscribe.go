package ctl

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/nats-io/nats.go"
)

// Events subscribes to the lattice's events (Topics.Events) and delivers them on the returned
// channel until ctx ends, when the subscription is removed and the channel closed. Messages that
// are not CloudEvents are skipped. The subscription is active when Events returns.
func (c *Client) Events(ctx context.Context) (<-chan Event, error) {
	return c.subscribeEvents(ctx, c.topics.Events())
}

// RPCEvents is Events for the invocation events of Topics.RPCEvents.
func (c *Client) RPCEvents(ctx context.Context) (<-chan Event, error) {
	return c.subscribeEvents(ctx, c.topics.RPCEvents())
}

// Event subscriptions queue undelivered messages inside the client up to these limits
// before NATS drops them as a slow consumer. A consumer that falls behind for a while (a
// reconciler during a burst of hundreds of starts, each with a heartbeat) must not lose the
// events it waits for.
const (
	eventPendingMsgs  = 1 << 20
	eventPendingBytes = 512 << 20
)

func (c *Client) subscribeEvents(ctx context.Context, subject string) (<-chan Event, error) {
	out := make(chan Event)
	var (
		mu     sync.Mutex // held while a message is handed over, so out is closed only between
		closed bool
	)
	sub, err := c.nc.Subscribe(subject, func(m *nats.Msg) {
		var e Event
		if json.Unmarshal(m.Data, &e) != nil || e.Type == "" {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if closed {
			return
		}
		select {
		case out <- e:
		case <-ctx.Done():
		}
	})
	if err != nil {
		return nil, fmt.Errorf("subscribe to %s: %w", subject, err)
	}
	if err := sub.SetPendingLimits(eventPendingMsgs, eventPendingBytes); err != nil {
		_ = sub.Unsubscribe()
		return nil, fmt.Errorf("subscribe to %s: %w", subject, err)
	}
	// Make sure the server has the subscription, so that no event published after we return
	// is missed.
	fctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	if err := c.nc.FlushWithContext(fctx); err != nil {
		_ = sub.Unsubscribe()
		return nil, fmt.Errorf("subscribe to %s: %w", subject, err)
	}
	go func() {
		<-ctx.Done()
		_ = sub.Unsubscribe()
		mu.Lock()
		closed = true
		close(out)
		mu.Unlock()
	}()
	return out, nil
}

// PublishEvent publishes e on subject (Topics.Events or Topics.RPCEvents). Hosts use it.
func PublishEvent(nc *nats.Conn, subject string, e Event) error {
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("publish event %s: %w", e.Type, err)
	}
	if err := nc.Publish(subject, data); err != nil {
		return fmt.Errorf("publish event %s: %w", e.Type, err)
	}
	return nil
}

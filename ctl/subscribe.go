package ctl

import (
	"context"
	"encoding/json"
	"fmt"

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

// eventBuffer is how many undelivered messages a subscription holds before NATS drops them as a
// slow consumer.
const eventBuffer = 256

func (c *Client) subscribeEvents(ctx context.Context, subject string) (<-chan Event, error) {
	msgs := make(chan *nats.Msg, eventBuffer)
	sub, err := c.nc.ChanSubscribe(subject, msgs)
	if err != nil {
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
	out := make(chan Event)
	go func() {
		defer close(out)
		defer func() { _ = sub.Unsubscribe() }()
		for {
			select {
			case <-ctx.Done():
				return
			case m := <-msgs:
				var e Event
				if json.Unmarshal(m.Data, &e) != nil || e.Type == "" {
					continue
				}
				select {
				case out <- e:
				case <-ctx.Done():
					return
				}
			}
		}
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

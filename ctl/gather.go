package ctl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
)

// gather publishes body to subject with a fresh reply inbox and collects the replies, each
// decoded by decode into the id of the host that sent it. It returns as soon as every host in
// expected has answered, or when the client's timeout or ctx ends. A nil expected (membership
// unknown) waits for the whole timeout; an empty one returns once the server has processed the
// request, with the replies that arrived by then. If nothing subscribes to subject it fails
// with a NoResponderError.
func (c *Client) gather(ctx context.Context, subject string, body any, expected map[string]bool, decode func([]byte) (string, error)) error {
	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("%s: encode request: %w", subject, err)
	}
	inbox := c.nc.NewRespInbox()
	sub, err := c.nc.SubscribeSync(inbox)
	if err != nil {
		return fmt.Errorf("%s: subscribe to replies: %w", subject, err)
	}
	defer func() { _ = sub.Unsubscribe() }()
	if err := c.nc.PublishRequest(subject, inbox, data); err != nil {
		return fmt.Errorf("%s: %w", subject, err)
	}
	wctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	// more reports whether to read another reply: until the timeout, or with nobody to wait
	// for, only those already received. The server answers the flush after it has routed the
	// request, so by then a "no responders" status, if any, has arrived too.
	more := func() bool { return true }
	if expected != nil && len(expected) == 0 {
		if err := c.nc.FlushWithContext(wctx); err != nil {
			return fmt.Errorf("%s: %w", subject, err)
		}
		more = func() bool { n, _, _ := sub.Pending(); return n > 0 }
	}
	pending := len(expected)
	for more() {
		m, err := sub.NextMsgWithContext(wctx)
		switch {
		case ctx.Err() != nil:
			return fmt.Errorf("%s: %w", subject, ctx.Err())
		case errors.Is(err, context.DeadlineExceeded):
			return nil
		case errors.Is(err, nats.ErrNoResponders) || err == nil && isNoResponders(m):
			return &NoResponderError{Subject: subject, Lattice: c.opts.Lattice}
		case err != nil:
			return fmt.Errorf("%s: %w", subject, err)
		}
		host, err := decode(m.Data)
		if err != nil {
			return err
		}
		if expected[host] {
			expected[host] = false
			if pending--; pending == 0 {
				return nil
			}
		}
	}
	return nil
}

// isNoResponders reports whether m is the server's "503 no responders" status message.
func isNoResponders(m *nats.Msg) bool {
	return len(m.Data) == 0 && m.Header.Get("Status") == "503"
}

// expectedHosts returns the ids of the member hosts for which want is true, or nil when
// membership is unknown.
func (c *Client) expectedHosts(ctx context.Context, want func(HostRecord) bool) map[string]bool {
	members, err := c.Members(ctx)
	if err != nil {
		return nil
	}
	expected := make(map[string]bool, len(members))
	for id, rec := range members {
		if want(rec) {
			expected[id] = true
		}
	}
	return expected
}

// Hosts pings every host of the lattice and returns their answers in arrival order. It returns
// as soon as every host in the membership bucket has answered, otherwise after the client's
// timeout.
func (c *Client) Hosts(ctx context.Context) ([]Host, error) {
	subject := c.topics.Ping()
	expected := c.expectedHosts(ctx, func(HostRecord) bool { return true })
	var hosts []Host
	seen := map[string]bool{}
	err := c.gather(ctx, subject, struct{}{}, expected, func(b []byte) (string, error) {
		var h Host
		if err := json.Unmarshal(b, &h); err != nil {
			return "", fmt.Errorf("%s: decode reply: %w", subject, err)
		}
		if !seen[h.ID] { // an old multi-host process answers once per host; keep one each
			seen[h.ID] = true
			hosts = append(hosts, h)
		}
		return h.ID, nil
	})
	return hosts, err
}

// ActorAuction asks the hosts which could run an actor under the request's constraints and
// returns their bids. It returns once every member host whose labels match has answered (at
// once if none matches), or after the client's timeout when there is no membership bucket. No
// bids is not an error.
func (c *Client) ActorAuction(ctx context.Context, req ActorAuctionRequest) ([]ActorAuctionAck, error) {
	if req.ActorRef == "" {
		return nil, errors.New("actor auction: actor reference is empty")
	}
	if req.Constraints == nil {
		req.Constraints = map[string]string{}
	}
	subject := c.topics.ActorAuction()
	expected := c.expectedHosts(ctx, func(r HostRecord) bool { return LabelsMatch(r.Labels, req.Constraints) })
	var bids []ActorAuctionAck
	err := c.gather(ctx, subject, req, expected, func(b []byte) (string, error) {
		var bid ActorAuctionAck
		if err := decodeReply(subject, b, &bid); err != nil {
			return "", err
		}
		bids = append(bids, bid)
		return bid.HostID, nil
	})
	return bids, err
}

// ProviderAuction asks the hosts which could run a provider under a link name and returns their
// bids. It returns once every member host that matches the constraints and does not already
// run the provider under that link name has answered, or after the client's timeout.
func (c *Client) ProviderAuction(ctx context.Context, req ProviderAuctionRequest) ([]ProviderAuctionAck, error) {
	if req.ProviderRef == "" {
		return nil, errors.New("provider auction: provider reference is empty")
	}
	if req.LinkName == "" {
		req.LinkName = DefaultLinkName
	}
	if req.Constraints == nil {
		req.Constraints = map[string]string{}
	}
	subject := c.topics.ProviderAuction()
	providerKey := c.resolveRef(ctx, req.ProviderRef)
	expected := c.expectedHosts(ctx, func(r HostRecord) bool {
		return LabelsMatch(r.Labels, req.Constraints) && !runsProvider(r, providerKey, req.LinkName)
	})
	var bids []ProviderAuctionAck
	err := c.gather(ctx, subject, req, expected, func(b []byte) (string, error) {
		var bid ProviderAuctionAck
		if err := decodeReply(subject, b, &bid); err != nil {
			return "", err
		}
		bids = append(bids, bid)
		return bid.HostID, nil
	})
	return bids, err
}

// runsProvider reports whether a member runs provider key under linkName.
func runsProvider(r HostRecord, key, linkName string) bool {
	for _, p := range r.Providers {
		if p.PublicKey == key && p.LinkName == linkName {
			return true
		}
	}
	return false
}

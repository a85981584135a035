package lattice

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// Default RPC timeouts (PROTOCOL.md §2.10).
const (
	// DefaultRPCTimeout bounds a call whose context has no deadline.
	DefaultRPCTimeout = 2 * time.Second
	// DefaultChunkedRPCTimeout bounds a call with a chunked request whose context has no deadline.
	DefaultChunkedRPCTimeout = 15 * time.Second
)

// ClientConfig configures a Client.
type ClientConfig struct {
	// Conn carries the requests.
	Conn *nats.Conn
	// Chunker stores large payloads; with nil, requests above ChunkThreshold and chunked
	// responses fail.
	Chunker *Chunker
	// Timeout bounds calls whose context has no deadline; default DefaultRPCTimeout.
	Timeout time.Duration
	// ChunkedTimeout replaces Timeout for chunked requests; default DefaultChunkedRPCTimeout.
	ChunkedTimeout time.Duration
}

// Client sends invocations over NATS request/reply.
type Client struct {
	nc             *nats.Conn
	chunker        *Chunker
	timeout        time.Duration
	chunkedTimeout time.Duration
}

// NewClient returns a Client for cfg.
func NewClient(cfg ClientConfig) (*Client, error) {
	if cfg.Conn == nil {
		return nil, errors.New("new rpc client: no NATS connection")
	}
	c := &Client{nc: cfg.Conn, chunker: cfg.Chunker, timeout: cfg.Timeout, chunkedTimeout: cfg.ChunkedTimeout}
	if c.timeout <= 0 {
		c.timeout = DefaultRPCTimeout
	}
	if c.chunkedTimeout <= 0 {
		c.chunkedTimeout = DefaultChunkedRPCTimeout
	}
	return c, nil
}

// Invoke sends inv to subject and waits for the response until ctx's deadline, or the client's
// timeout when ctx has none. A payload above ChunkThreshold goes through the object store, and
// so may the response; Invoke returns the response and its full payload. The request's object
// is deleted when the call fails.
//
// A response with error set returns the response and a *RemoteError. Calls nobody serves fail
// with ErrNoResponders, calls without an answer in time with ErrRPCTimeout.
func (c *Client) Invoke(ctx context.Context, inv *Invocation, subject string) (*InvocationResponse, []byte, error) {
	chunked := NeedsChunking(len(inv.Msg))
	if _, ok := ctx.Deadline(); !ok {
		timeout := c.timeout
		if chunked {
			timeout = c.chunkedTimeout
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	deadline, _ := ctx.Deadline()
	budget := time.Until(deadline)
	wire := inv
	if chunked {
		var err error
		if wire, err = c.chunkRequest(ctx, inv); err != nil {
			return nil, nil, err
		}
	}
	reply, err := c.nc.RequestWithContext(ctx, subject, wire.MarshalMsgpack())
	if err != nil {
		if chunked {
			_ = c.chunker.discard(ctx, inv.ID) // best effort; the store's max age is the backstop
		}
		return nil, nil, callError(inv, budget, err)
	}
	resp := &InvocationResponse{}
	if err := resp.UnmarshalMsgpack(reply.Data); err != nil {
		return nil, nil, fmt.Errorf("call %s on %s (invocation %s): %w", inv.Operation, inv.Target.describe(), inv.ID, err)
	}
	if resp.Error != nil {
		if chunked { // the receiver may have failed before fetching the payload
			_ = c.chunker.discard(ctx, inv.ID)
		}
		return resp, nil, &RemoteError{InvocationID: inv.ID, Operation: inv.Operation, Target: inv.Target, Message: *resp.Error}
	}
	if err := c.dechunkResponse(ctx, inv, resp); err != nil {
		return nil, nil, err
	}
	return resp, resp.Msg, nil
}

// chunkRequest stores inv's payload and returns the invocation to send in its place.
func (c *Client) chunkRequest(ctx context.Context, inv *Invocation) (*Invocation, error) {
	if c.chunker == nil {
		return nil, fmt.Errorf("call %s on %s: %d-byte payload needs chunking, but the client has no object store",
			inv.Operation, inv.Target.describe(), len(inv.Msg))
	}
	if err := c.chunker.Put(ctx, inv.ID, inv.Msg); err != nil {
		_ = c.chunker.discard(ctx, inv.ID) // a failed put may leave chunks behind
		return nil, fmt.Errorf("call %s on %s: %w", inv.Operation, inv.Target.describe(), err)
	}
	wire := *inv
	n := uint64(len(inv.Msg))
	wire.Msg, wire.ContentLength = nil, &n
	return &wire, nil
}

// dechunkResponse replaces a chunked response's empty Msg with the stored payload.
func (c *Client) dechunkResponse(ctx context.Context, inv *Invocation, resp *InvocationResponse) error {
	if resp.ContentLength == nil || *resp.ContentLength <= uint64(len(resp.Msg)) {
		return nil
	}
	if c.chunker == nil {
		return fmt.Errorf("call %s on %s: response is chunked, but the client has no object store", inv.Operation, inv.Target.describe())
	}
	msg, err := c.chunker.Take(ctx, responseObject(inv.ID), *resp.ContentLength)
	if err != nil {
		_ = c.chunker.discard(ctx, responseObject(inv.ID))
		return fmt.Errorf("call %s on %s: %w", inv.Operation, inv.Target.describe(), err)
	}
	resp.Msg = msg
	return nil
}

// callError explains a failed request.
func callError(inv *Invocation, budget time.Duration, err error) error {
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		if inv.Target.IsActor() {
			return fmt.Errorf("no host is running actor %s: %w", inv.Target.PublicKey, ErrNoResponders)
		}
		return fmt.Errorf("%s is not running: %w", inv.Target.describe(), ErrNoResponders)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout):
		return fmt.Errorf("%w after %s calling %s on %s (invocation %s)", ErrRPCTimeout, budget.Round(10*time.Millisecond),
			inv.Operation, inv.Target.describe(), inv.ID)
	}
	return fmt.Errorf("call %s on %s (invocation %s): %w", inv.Operation, inv.Target.describe(), inv.ID, err)
}

package lattice

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
)

// Handler runs a validated invocation whose full payload is msg and returns the result payload.
// Its error becomes the response's error text.
type Handler func(ctx context.Context, inv *Invocation, msg []byte) ([]byte, error)

// DefaultHandleTimeout bounds one invocation's handler when Responder.Timeout is zero.
const DefaultHandleTimeout = 15 * time.Second

// Responder turns received invocations into responses for one target entity: it fetches chunked
// payloads, validates, runs the handler and chunks large results. Hosts use one per actor,
// providers one per link name.
type Responder struct {
	// Self is the entity invocations must be addressed to.
	Self Entity
	// Validator checks every invocation; required.
	Validator *Validator
	// Chunker fetches and stores chunked payloads; with nil, chunked invocations are rejected and
	// large results are sent inline.
	Chunker *Chunker
	// Handler runs valid invocations; required.
	Handler Handler
	// Timeout bounds each handler call; default DefaultHandleTimeout.
	Timeout time.Duration
	// Logger receives rejected invocations (warn) and failed handlers (debug); nil discards.
	Logger *slog.Logger
}

func (r *Responder) check() error {
	if r.Validator == nil || r.Handler == nil {
		return errors.New("responder needs a Validator and a Handler")
	}
	if r.Self.PublicKey == "" {
		return errors.New("responder needs its own entity (Self)")
	}
	return nil
}

func (r *Responder) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Logger
}

// Process answers a decoded invocation. It never returns nil: failures are responses with error
// set.
func (r *Responder) Process(ctx context.Context, inv *Invocation) *InvocationResponse {
	// Authenticate before fetching a chunked payload, then check the payload against the token.
	var msg []byte
	hash, err := r.Validator.validateToken(inv, r.Self)
	if err == nil {
		msg, err = r.payload(ctx, inv)
	}
	if err == nil {
		err = checkPayload(inv, msg, hash)
	}
	if err != nil {
		r.logger().Warn("rejected invocation", "id", inv.ID, "op", inv.Operation, "origin", inv.Origin.URL(),
			"target", inv.Target.URL(), "err", err)
		return errorResponse(inv.ID, err)
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultHandleTimeout
	}
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := r.Handler(hctx, inv, msg)
	if err != nil {
		r.logger().Debug("invocation failed", "id", inv.ID, "op", inv.Operation, "err", err)
		return errorResponse(inv.ID, err)
	}
	return r.result(ctx, inv, out)
}

// payload returns inv's full payload, fetching it from the object store when chunked. The
// payload's size has been checked (validateToken).
func (r *Responder) payload(ctx context.Context, inv *Invocation) ([]byte, error) {
	if inv.ContentLength == nil || *inv.ContentLength <= uint64(len(inv.Msg)) {
		return inv.Msg, nil
	}
	if r.Chunker == nil {
		return nil, invErrorf(inv, ErrMalformedInvocation, "chunked payload (%d bytes) but this receiver has no object store", *inv.ContentLength)
	}
	msg, err := r.Chunker.Take(ctx, inv.ID, *inv.ContentLength)
	if err != nil {
		return nil, invErrorf(inv, ErrMalformedInvocation, "%v", err)
	}
	return msg, nil
}

// result builds the successful response carrying out, chunked when large.
func (r *Responder) result(ctx context.Context, inv *Invocation, out []byte) *InvocationResponse {
	n := uint64(len(out))
	resp := &InvocationResponse{InvocationID: inv.ID, Msg: out, ContentLength: &n}
	if !NeedsChunking(len(out)) || r.Chunker == nil {
		return resp
	}
	if err := r.Chunker.Put(ctx, responseObject(inv.ID), out); err != nil {
		_ = r.Chunker.discard(ctx, responseObject(inv.ID))
		return errorResponse(inv.ID, fmt.Errorf("invocation %s (%s): %w", inv.ID, inv.Operation, err))
	}
	resp.Msg = nil
	return resp
}

// HandleMsg decodes the invocation in m, processes it and replies. A message that does not
// decode gets an error response without invocation id.
func (r *Responder) HandleMsg(ctx context.Context, m *nats.Msg) {
	var resp *InvocationResponse
	var inv Invocation
	if err := inv.UnmarshalMsgpack(m.Data); err != nil {
		err = fmt.Errorf("%w: %w", ErrMalformedInvocation, err)
		r.logger().Warn("rejected invocation", "subject", m.Subject, "err", err)
		resp = errorResponse("", err)
	} else {
		resp = r.Process(ctx, &inv)
	}
	if m.Reply == "" {
		return
	}
	if err := m.Respond(resp.MarshalMsgpack()); err != nil {
		r.logger().Warn("cannot send invocation response", "id", inv.ID, "op", inv.Operation, "err", err)
	}
}

package host

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

// setupRPC prepares signing, validation, chunking and the RPC client.
func (h *Host) setupRPC(_ context.Context) error {
	var err error
	if h.signer, err = lattice.NewSigner(lattice.SignerConfig{Cluster: h.cfg.ClusterKey, HostID: h.ID()}); err != nil {
		return fmt.Errorf("invocation signer: %w", err)
	}
	h.check = &lattice.Validator{ClusterIssuers: h.issuers, MaxPayload: h.cfg.ActorLimits.MaxPayload}
	if h.chunks, err = lattice.NewChunker(h.js, h.cfg.Lattice); err != nil {
		return fmt.Errorf("open chunk store: %w", err)
	}
	if h.rpc, err = lattice.NewClient(lattice.ClientConfig{Conn: h.nc, Chunker: h.chunks, Timeout: h.cfg.RPCTimeout}); err != nil {
		return err
	}
	return nil
}

// subscribeActor creates the actor's one queue subscription on this host; every host running
// the actor joins the same queue, so NATS spreads calls over them (PROTOCOL.md §2.1).
func (h *Host) subscribeActor(e *actorEntry) error {
	subject := lattice.ActorSubject(h.cfg.Lattice, e.key)
	self := lattice.ActorEntity(e.key)
	sub, err := lattice.Serve(h.runCtx, h.nc, subject, subject, &lattice.Responder{
		Self: self, Validator: h.check, Chunker: h.chunks, Timeout: h.cfg.ActorLimits.Deadline + time.Second,
		Logger: h.log.With("actor", e.key),
		Handler: func(ctx context.Context, inv *lattice.Invocation, msg []byte) ([]byte, error) {
			resp, err := h.invokeLocal(ctx, e, inv.Origin, inv.Operation, msg)
			h.rpcEvent(inv.Origin, self, inv.Operation, len(msg), err)
			return resp, err
		},
	})
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.sub = sub
	e.mu.Unlock()
	return nil
}

// invokeLocal runs an invocation on a local actor after the source check of PROTOCOL.md §2.6
// step 7: a provider origin needs the contract in the actor's claims.
func (h *Host) invokeLocal(ctx context.Context, e *actorEntry, origin lattice.Entity, op string, msg []byte) ([]byte, error) {
	a := e.current.Load()
	if a == nil {
		return nil, fmt.Errorf("actor %s: %w", e.key, ErrActorNotRunning)
	}
	if origin.ContractID != "" && !a.Identity().HasCap(origin.ContractID) {
		//lint:ignore ST1005 wire text that wasmCloud 0.x peers and actors expect (PROTOCOL.md, ACTORS.md)
		return nil, fmt.Errorf("Invocation source does not have the required capability claim %s", origin.ContractID)
	}
	return e.invoke(ctx, op, msg)
}

// HostCall implements wasmrt.HostCaller: it routes an actor's host call to a builtin, a
// provider (through its link) or another actor — in-process when that actor runs here.
func (h *Host) HostCall(ctx context.Context, caller *wasmrt.Identity, binding, namespace, op string, payload []byte) ([]byte, error) {
	target, err := Route(caller, binding, namespace, h.cfg.Lattice, h.store)
	if err != nil {
		return nil, err
	}
	origin := lattice.ActorEntity(caller.PublicKey)
	switch target.Kind {
	case TargetBuiltin:
		return callBuiltin(ctx, h.log, caller, target.Contract, op, payload)
	case TargetActor:
		dest := lattice.ActorEntity(target.ActorKey)
		var resp []byte
		if local := h.actors.get(target.ActorKey); local != nil {
			resp, err = h.invokeLocal(ctx, local, origin, op, payload)
		} else {
			resp, err = h.remote(ctx, origin, dest, lattice.ActorSubject(h.cfg.Lattice, target.ActorKey), op, payload)
		}
		h.rpcEvent(origin, dest, op, len(payload), err)
		return resp, err
	default:
		l := target.Link
		dest := lattice.ProviderEntity(l.ProviderID, l.ContractID, l.LinkName)
		var resp []byte
		if ep := h.localProvider(l.ProviderID, l.LinkName); ep != nil {
			// A built-in provider in this process: no token to sign and verify, no NATS hop.
			lctx, cancel := context.WithTimeout(ctx, h.cfg.RPCTimeout)
			resp, err = ep(lctx, caller.PublicKey, op, payload)
			cancel()
		} else {
			resp, err = h.remote(ctx, origin, dest, lattice.ProviderSubject(h.cfg.Lattice, l.ProviderID, l.LinkName), op, payload)
		}
		h.rpcEvent(origin, dest, op, len(payload), err)
		return resp, err
	}
}

// remote sends a signed invocation over NATS and returns the answer or its error.
func (h *Host) remote(ctx context.Context, origin, target lattice.Entity, subject, op string, payload []byte) ([]byte, error) {
	inv, err := h.signer.NewInvocation(origin, target, op, payload)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, h.cfg.RPCTimeout)
	defer cancel()
	_, msg, err := h.rpc.Invoke(ctx, inv, subject)
	return msg, err
}

// Call invokes an actor anywhere in the lattice as this host (used by tools and tests).
func (h *Host) Call(ctx context.Context, actorKey, op string, payload []byte) ([]byte, error) {
	origin := lattice.ActorEntity(h.ID())
	if local := h.actors.get(actorKey); local != nil {
		return h.invokeLocal(ctx, local, lattice.Entity{PublicKey: h.ID()}, op, payload)
	}
	return h.remote(ctx, origin, lattice.ActorEntity(actorKey), lattice.ActorSubject(h.cfg.Lattice, actorKey), op, payload)
}

// rpcEvent publishes invocation_succeeded or invocation_failed on wasmbus.rpcevt.<lattice>.
// It runs once per invocation, so the event is encoded without reflection.
func (h *Host) rpcEvent(source, dest lattice.Entity, op string, n int, err error) {
	typ := ctl.EventInvocationSucceeded
	if err != nil {
		typ = ctl.EventInvocationFailed
	}
	b, err := ctl.AppendInvocationEvent(make([]byte, 0, 512), typ, h.ID(), ctl.InvocationEvent{
		Source:    ctl.InvocationEntity{PublicKey: source.PublicKey, ContractID: source.ContractID, LinkName: source.LinkName},
		Dest:      ctl.InvocationEntity{PublicKey: dest.PublicKey, ContractID: dest.ContractID, LinkName: dest.LinkName},
		Operation: op, Bytes: uint64(n),
	})
	if err != nil {
		h.log.Error("build event", "type", typ, "err", err)
		return
	}
	if err := h.nc.Publish(h.topics.RPCEvents(), b); err != nil {
		h.log.Warn("publish event", "type", typ, "err", err)
	}
}

// watchLinks turns link changes seen in the metadata bucket into linkdef events.
func (h *Host) watchLinks() {
	h.store.OnLinkChange(func(old, cur *ctl.LinkDefinition) {
		switch {
		case cur != nil:
			h.publishOn(h.topics.Events(), ctl.EventLinkdefSet, "n/a", linkEvent(*cur))
		case old != nil:
			h.publishOn(h.topics.Events(), ctl.EventLinkdefDeleted, "n/a", linkEvent(*old))
		}
	})
}

func linkEvent(l ctl.LinkDefinition) ctl.LinkdefEvent {
	return ctl.LinkdefEvent{ID: l.ComputeID(), ActorID: l.ActorID, ProviderID: l.ProviderID, LinkName: l.LinkName, ContractID: l.ContractID, Values: l.Values}
}

var _ wasmrt.HostCaller = (*Host)(nil)

// CallLocal implements provider.LocalActors for the providers this host runs in-process: a
// call to an actor that runs here is dispatched in-process, with the same capability check as
// an invocation arriving over NATS but without signing and verifying a token, which protects
// only calls that cross a process boundary. Failures the actor reports are *lattice.RemoteError,
// as on the NATS path; the caller's own deadline stays a context error.
func (h *Host) CallLocal(ctx context.Context, origin lattice.Entity, actorID, op string, payload []byte) ([]byte, bool, error) {
	local := h.actors.get(actorID)
	if local == nil {
		return nil, false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, h.cfg.RPCTimeout)
	defer cancel()
	out, err := h.invokeLocal(ctx, local, origin, op, payload)
	dest := lattice.ActorEntity(actorID)
	h.rpcEvent(origin, dest, op, len(payload), err)
	switch {
	case err == nil:
		return out, true, nil
	case errors.Is(err, ErrActorNotRunning):
		return nil, false, nil // stopped meanwhile: let the lattice find another instance
	case ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded):
		return nil, true, err
	}
	return nil, true, &lattice.RemoteError{Operation: op, Target: dest, Message: err.Error()}
}

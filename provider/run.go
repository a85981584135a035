package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/core"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

// ShutdownTimeout bounds Provider.Shutdown when Run returns.
const ShutdownTimeout = 5 * time.Second

// ShutdownReply is the reply to a request on the provider's shutdown subject.
const ShutdownReply = "shutting down"

// Run runs p on the lattice of hd over nc until ctx ends or a host sends shutdown (both return
// nil), then calls p.Shutdown. In order it: validates hd; calls p's Init (Initializer) with its
// Conn; subscribes the linkdefs.put/del, health and shutdown subjects; activates the links of
// hd.LinkDefinitions and of the LATTICEDATA bucket (then follows the bucket's changes); and
// serves the RPC subject, passing invocations from actors with an active link to p.Handle and
// refusing others with "actor M… has no link to provider V… (link L)". Links are p's when their
// provider_id and link_name are hd's. logger may be nil.
//
// Without JetStream on nc the bucket is skipped with a warning: links then come from hd and the
// linkdefs subjects only, and chunked invocations are refused.
func Run(ctx context.Context, nc *nats.Conn, hd *HostData, p Provider, logger *slog.Logger, opts ...Option) error {
	r, err := newRunner(nc, hd, p, logger)
	if err != nil {
		return err
	}
	for _, o := range opts {
		o(r)
	}
	r.conn.local = r.local
	return r.run(ctx)
}

// Option changes how Run runs a provider.
type Option func(*runner)

// LocalActors is implemented by a host that runs a provider in its own process: CallLocal
// invokes actorID in-process when it runs on that host (handled true), skipping the signed
// invocation and the NATS round trip, which only protect calls that cross a process boundary.
// It returns handled false when the actor does not run there.
type LocalActors interface {
	CallLocal(ctx context.Context, origin lattice.Entity, actorID, op string, payload []byte) (out []byte, handled bool, err error)
}

// LocalEndpoint handles an invocation from actorID the way the provider's RPC subject does (the
// actor must have an active link), for a host that runs the provider in its own process.
type LocalEndpoint func(ctx context.Context, actorID, op string, payload []byte) ([]byte, error)

// WithLocalEndpoint hands the provider's LocalEndpoint to register once the provider serves,
// and nil when it stops: a host running the provider in-process then calls it directly
// instead of signing an invocation and sending it over NATS to itself.
func WithLocalEndpoint(register func(LocalEndpoint)) Option {
	return func(r *runner) { r.register = register }
}

// WithLocalActors makes Conn.CallActor try local first: calls to actors that local runs are
// dispatched in-process. Only hosts that run the provider in-process pass it.
func WithLocalActors(local LocalActors) Option {
	return func(r *runner) { r.local = local }
}

// runner is one Run.
type runner struct {
	nc       *nats.Conn
	hd       *HostData
	p        Provider
	log      *slog.Logger
	contract string
	timeout  time.Duration
	js       jetstream.JetStream
	local    LocalActors
	register func(LocalEndpoint)
	chunker  *lattice.Chunker
	conn     *Conn
	links    *linkSet
	queue    *changeQueue

	shutdown     chan struct{} // closed by a shutdown request
	shutdownOnce sync.Once
}

func newRunner(nc *nats.Conn, hd *HostData, p Provider, logger *slog.Logger) (*runner, error) {
	switch {
	case nc == nil:
		return nil, errors.New("run provider: no NATS connection")
	case hd == nil:
		return nil, errors.New("run provider: no host data")
	case p == nil:
		return nil, errors.New("run provider: no provider")
	}
	if err := hd.Validate(); err != nil {
		return nil, fmt.Errorf("run provider %s: %w", hd.ProviderKey, err)
	}
	r := &runner{nc: nc, hd: hd, p: p, contract: p.Contract(), links: newLinkSet(), queue: newChangeQueue(),
		shutdown: make(chan struct{}), timeout: time.Duration(hd.DefaultRPCTimeoutMS) * time.Millisecond}
	if r.contract == "" {
		return nil, fmt.Errorf("run provider %s: Contract() returned no contract id", hd.ProviderKey)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	r.log = logger.With("provider", hd.ProviderKey, "link", hd.LinkName, "contract", r.contract)
	if r.timeout <= 0 {
		r.timeout = lattice.DefaultRPCTimeout
	}
	var err error
	if hd.JSDomain != nil && *hd.JSDomain != "" {
		r.js, err = jetstream.NewWithDomain(nc, *hd.JSDomain)
	} else {
		r.js, err = jetstream.New(nc)
	}
	if err != nil {
		return nil, fmt.Errorf("run provider %s: jetstream: %w", hd.ProviderKey, err)
	}
	if r.chunker, err = lattice.NewChunker(r.js, hd.LatticeRPCPrefix); err != nil {
		return nil, fmt.Errorf("run provider %s: %w", hd.ProviderKey, err)
	}
	if r.conn, err = r.newConn(); err != nil {
		return nil, fmt.Errorf("run provider %s: %w", hd.ProviderKey, err)
	}
	return r, nil
}

func (r *runner) newConn() (*Conn, error) {
	cluster, err := claims.ParseSeedAs(r.hd.InvocationSeed, claims.PrefixCluster)
	if err != nil {
		return nil, fmt.Errorf("invocation_seed: %w", err)
	}
	signer, err := lattice.NewSigner(lattice.SignerConfig{Cluster: cluster, HostID: r.hd.HostID})
	if err != nil {
		return nil, err
	}
	client, err := lattice.NewClient(lattice.ClientConfig{Conn: r.nc, Chunker: r.chunker, Timeout: r.timeout})
	if err != nil {
		return nil, err
	}
	return &Conn{nc: r.nc, hd: r.hd, contract: r.contract, signer: signer, client: client, links: r.links, log: r.log}, nil
}

func (r *runner) subject() string {
	return lattice.ProviderSubject(r.hd.LatticeRPCPrefix, r.hd.ProviderKey, r.hd.LinkName)
}

func (r *runner) run(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
		sctx, scancel := context.WithTimeout(context.WithoutCancel(parent), ShutdownTimeout)
		defer scancel()
		if err := r.p.Shutdown(sctx); err != nil {
			r.log.Warn("provider shutdown failed", "err", err)
		}
	}()
	if init, ok := r.p.(Initializer); ok {
		if err := init.Init(ctx, r.conn); err != nil {
			return fmt.Errorf("init provider %s (link %s): %w", r.hd.ProviderKey, r.hd.LinkName, err)
		}
	}
	wg.Go(func() { r.applyLinks(ctx) })
	subs, err := r.subscribeControl(ctx)
	defer unsubscribe(subs)
	if err != nil {
		return err
	}
	r.queue.push(putsOf(r.hd.LinkDefinitions)...)
	r.syncStore(ctx, &wg)
	if err := r.waitLinksApplied(ctx); err != nil {
		return nil // ctx ended
	}
	rpc, err := lattice.Serve(ctx, r.nc, r.subject(), lattice.ProviderQueue, r.responder())
	if err != nil {
		return fmt.Errorf("run provider %s (link %s): %w", r.hd.ProviderKey, r.hd.LinkName, err)
	}
	defer rpc.Stop()
	if r.register != nil {
		r.register(r.handleLocal)
		defer r.register(nil)
	}
	r.log.Info("provider running", "subject", r.subject())
	select {
	case <-ctx.Done():
	case <-r.shutdown:
		r.log.Info("provider shutting down at the host's request")
	}
	return nil
}

func (r *runner) responder() *lattice.Responder {
	return &lattice.Responder{
		Self:      lattice.ProviderEntity(r.hd.ProviderKey, r.contract, r.hd.LinkName),
		Validator: &lattice.Validator{ClusterIssuers: r.hd.ClusterIssuers},
		Chunker:   r.chunker,
		Handler:   r.handle,
		Logger:    r.log,
	}
}

// handle passes an authenticated invocation from a linked actor to the provider.
func (r *runner) handle(ctx context.Context, inv *lattice.Invocation, msg []byte) ([]byte, error) {
	actor := inv.Origin.PublicKey
	if !inv.Origin.IsActor() {
		return nil, fmt.Errorf("%s is not an actor: provider %s (link %s) serves actors only", inv.Origin.URL(), r.hd.ProviderKey, r.hd.LinkName)
	}
	ld, ok := r.links.forActor(actor)
	if !ok {
		return nil, fmt.Errorf("actor %s has no link to provider %s (link %s)", actor, r.hd.ProviderKey, r.hd.LinkName)
	}
	return r.p.Handle(ctx, actor, ld, inv.Operation, msg)
}

// HealthRequest is the body a host sends to a provider's health subject: msgpack
// {host_id: hostID}. Providers run by the SDK answer only requests from their own host (or
// without host_id, as wasmCloud 0.x hosts send), so that each host checks its own instance of a
// provider that several hosts run under the same key and link name.
func HealthRequest(hostID string) []byte {
	b := codec.AppendMapHeader(nil, 1)
	b = codec.AppendString(b, "host_id")
	return codec.AppendString(b, hostID)
}

// requestHostID returns the host_id of a health request, "" when it has none.
func requestHostID(b []byte) string {
	var id string
	_ = codec.DecodeMap(b, "health request", func(key, v []byte) ([]byte, error) {
		if string(key) == "host_id" {
			s, rest, err := codec.ReadString(v)
			if err == nil {
				id = s
			}
			return rest, err
		}
		return codec.Skip(v)
	})
	return id
}

// handleLocal is the LocalEndpoint: handle for an in-process caller.
func (r *runner) handleLocal(ctx context.Context, actorID, op string, payload []byte) ([]byte, error) {
	ld, ok := r.links.forActor(actorID)
	if !ok {
		return nil, fmt.Errorf("actor %s has no link to provider %s (link %s)", actorID, r.hd.ProviderKey, r.hd.LinkName)
	}
	return r.p.Handle(ctx, actorID, ld, op, payload)
}

// syncStore activates the links of the metadata bucket and follows its changes until ctx ends.
func (r *runner) syncStore(ctx context.Context, wg *sync.WaitGroup) {
	store, err := lattice.OpenStore(ctx, r.js, r.hd.LatticeRPCPrefix, r.log)
	if err != nil {
		r.log.Warn("links come from host data and linkdefs subjects only", "err", err)
		return
	}
	store.OnLinkChange(func(old, new *ctl.LinkDefinition) {
		if new == nil {
			r.queue.push(linkChange{del: true, ld: *old})
			return
		}
		r.queue.push(linkChange{ld: *new})
	})
	wg.Go(func() {
		if err := store.Watch(ctx); err != nil {
			r.log.Error("metadata watch stopped: link changes now come from linkdefs subjects only", "err", err)
		}
	})
	if err := store.WaitSynced(ctx); err != nil {
		if ctx.Err() == nil {
			r.log.Error("cannot read links from the metadata bucket", "err", err)
		}
		return
	}
	// Under the queue's lock, so a live change reported meanwhile is queued after the snapshot.
	r.queue.pushWith(func() []linkChange { return putsOf(store.Links()) })
}

// waitLinksApplied returns once every link change queued so far has been applied.
func (r *runner) waitLinksApplied(ctx context.Context) error {
	mark := make(chan struct{})
	r.queue.push(linkChange{mark: mark})
	select {
	case <-mark:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func putsOf(lds []ctl.LinkDefinition) []linkChange {
	out := make([]linkChange, len(lds))
	for i, ld := range lds {
		out[i] = linkChange{ld: ld}
	}
	return out
}

// applyLinks applies queued link changes, one at a time, until ctx ends.
func (r *runner) applyLinks(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.queue.wake:
		}
		for _, c := range r.queue.take() {
			r.apply(ctx, c)
		}
	}
}

// apply makes the provider call one change needs, if any.
func (r *runner) apply(ctx context.Context, c linkChange) {
	if c.mark != nil {
		close(c.mark)
		return
	}
	if c.ld.ProviderID != r.hd.ProviderKey || c.ld.LinkName != r.hd.LinkName {
		return
	}
	c.ld.ID = c.ld.ComputeID()
	c.ld.Values = maps.Clone(c.ld.Values) // the store's maps are shared
	active, had := r.links.get(c.ld.ID)
	call, ok := plan(active, had, c)
	if !ok {
		return
	}
	log := r.log.With("actor", call.ld.ActorID, "link_id", call.ld.ID)
	if call.del {
		r.links.remove(call.ld)
		if err := r.p.DeleteLink(ctx, call.ld); err != nil {
			log.Warn("provider failed to delete link", "err", err)
		}
		log.Info("link deleted")
		return
	}
	if err := r.p.PutLink(ctx, call.ld); err != nil {
		log.Error("provider refused link", "values", call.ld.Values, "err", err)
		return
	}
	r.links.add(call.ld)
	log.Info("link active")
}

// subscribeControl subscribes the linkdefs, health and shutdown subjects.
func (r *runner) subscribeControl(ctx context.Context) ([]*nats.Subscription, error) {
	base := r.subject()
	handlers := []struct {
		subject string
		fn      nats.MsgHandler
	}{
		{base + ".linkdefs.put", func(m *nats.Msg) { r.onLinkMsg(m, false) }},
		{base + ".linkdefs.del", func(m *nats.Msg) { r.onLinkMsg(m, true) }},
		{base + ".health", func(m *nats.Msg) { r.onHealth(ctx, m) }},
		{base + ".shutdown", r.onShutdown},
	}
	var subs []*nats.Subscription
	for _, h := range handlers {
		sub, err := r.nc.Subscribe(h.subject, h.fn)
		if err != nil {
			return subs, fmt.Errorf("run provider %s: subscribe %s: %w", r.hd.ProviderKey, h.subject, err)
		}
		subs = append(subs, sub)
	}
	if err := r.nc.Flush(); err != nil {
		return subs, fmt.Errorf("run provider %s: %w", r.hd.ProviderKey, err)
	}
	return subs, nil
}

func unsubscribe(subs []*nats.Subscription) {
	for _, s := range subs {
		_ = s.Unsubscribe() // fails only when the connection is closed already
	}
}

func (r *runner) onLinkMsg(m *nats.Msg, del bool) {
	ld, err := DecodeLink(m.Data)
	if err != nil {
		r.log.Warn("ignoring link message", "subject", m.Subject, "err", err)
		return
	}
	r.queue.push(linkChange{del: del, ld: ld})
}

func (r *runner) onHealth(ctx context.Context, m *nats.Msg) {
	if id := requestHostID(m.Data); id != "" && id != r.hd.HostID {
		return // a check of the same provider run by another host
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	resp := core.HealthCheckResponse{Healthy: true}
	if err := r.p.Health(ctx); err != nil {
		msg := err.Error()
		resp = core.HealthCheckResponse{Message: &msg}
		r.log.Warn("unhealthy", "err", err)
	}
	if err := m.Respond(resp.AppendMsg(nil)); err != nil && m.Reply != "" {
		r.log.Warn("cannot answer health check", "err", err)
	}
}

func (r *runner) onShutdown(m *nats.Msg) {
	var req struct {
		HostID string `json:"host_id"`
	}
	if json.Unmarshal(m.Data, &req) == nil && req.HostID != "" && req.HostID != r.hd.HostID {
		return // another host stops its own instance of this provider
	}
	if m.Reply != "" {
		if err := m.Respond([]byte(ShutdownReply)); err != nil {
			r.log.Warn("cannot answer shutdown request", "err", err)
		}
	}
	r.shutdownOnce.Do(func() { close(r.shutdown) })
}

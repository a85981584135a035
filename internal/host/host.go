package host

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

// Host is one Trellis host in a lattice.
type Host struct {
	cfg      Config
	log      *slog.Logger
	nc       *nats.Conn
	js       jetstream.JetStream
	rt       *wasmrt.Runtime
	store    *lattice.Store
	rpc      *lattice.Client
	signer   *lattice.Signer
	check    *lattice.Validator
	chunks   *lattice.Chunker
	topics   ctl.Topics
	issuers  []string
	members  jetstream.KeyValue
	started  time.Time
	friendly string

	actors   actorTable
	provs    providerTable
	labelsMu sync.RWMutex
	labels   map[string]string
	credsMu  sync.Mutex
	creds    map[string]ctl.RegistryCredential
	oci      registryClient
	rejected atomic.Int64

	subs     []*nats.Subscription
	runCtx   context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	stopOnce sync.Once
	stopped  chan struct{}
	stopReq  chan string
}

// New joins the lattice on nc: it opens the metadata cache and waits until it has replayed
// every existing link and claim, starts the wasm runtime, subscribes the control interface,
// publishes host_started and starts heartbeats. Stop leaves the lattice again.
func New(ctx context.Context, nc *nats.Conn, cfg Config) (*Host, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("configure host: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configure host: %w", err)
	}
	if err := lattice.ValidateLatticeName(cfg.Lattice); err != nil {
		return nil, fmt.Errorf("configure host: %w", err)
	}
	h := &Host{
		cfg: cfg, nc: nc, topics: ctl.Topics{Prefix: cfg.CtlPrefix, Lattice: cfg.Lattice},
		started: time.Now(), labels: mergeLabels(cfg.Labels, builtinLabels()),
		creds: map[string]ctl.RegistryCredential{}, stopped: make(chan struct{}), stopReq: make(chan string, 1),
	}
	h.actors.actors = map[string]*actorEntry{}
	h.provs.providers = map[string]*providerEntry{}
	h.log = cfg.Logger.With("host", cfg.HostKey.PublicKey())
	h.friendly = friendlyName([]byte(cfg.HostKey.PublicKey()))
	h.issuers = append([]string{cfg.ClusterKey.PublicKey()}, cfg.ClusterIssuers...)
	h.issuers = slices.Compact(h.issuers)
	if err := h.join(ctx); err != nil {
		h.shutdown(context.Background())
		return nil, err
	}
	return h, nil
}

func (h *Host) join(ctx context.Context) error {
	var err error
	if h.cfg.JetStreamDomain != "" {
		h.js, err = jetstream.NewWithDomain(h.nc, h.cfg.JetStreamDomain)
	} else {
		h.js, err = jetstream.New(h.nc)
	}
	if err != nil {
		return fmt.Errorf("open JetStream: %w", err)
	}
	if h.store, err = lattice.OpenStore(ctx, h.js, h.cfg.Lattice, h.log); err != nil {
		return fmt.Errorf("open lattice metadata: %w", err)
	}
	if h.members, err = h.js.CreateOrUpdateKeyValue(ctx, ctl.HostsBucketConfig(h.cfg.Lattice)); err != nil {
		return fmt.Errorf("open host membership bucket: %w", err)
	}
	h.runCtx, h.cancel = context.WithCancel(context.Background())
	if err := h.setupRPC(ctx); err != nil {
		return err
	}
	if h.rt, err = wasmrt.New(ctx, wasmrt.Config{CacheDir: h.cfg.CacheDir, Host: h, Logger: h.log}); err != nil {
		return fmt.Errorf("start wasm runtime: %w", err)
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		if err := h.store.Watch(h.runCtx); err != nil && h.runCtx.Err() == nil {
			h.log.Error("watch lattice metadata", "err", err)
		}
	}()
	if err := h.store.WaitSynced(ctx); err != nil {
		return fmt.Errorf("load lattice metadata: %w", err)
	}
	h.watchLinks()
	if err := h.subscribeControl(); err != nil {
		return err
	}
	h.publishEvent(ctl.EventHostStarted, ctl.HostStarted{Labels: h.Labels(), FriendlyName: h.friendly, Version: h.cfg.Version})
	h.beat(ctx) // the membership record exists before New returns, so clients wait for this host
	h.wg.Add(1)
	go h.heartbeatLoop(h.runCtx)
	h.log.Info("host started", "lattice", h.cfg.Lattice, "name", h.friendly, "nats", h.nc.ConnectedUrlRedacted())
	return nil
}

// ID is the host's public key (N…).
func (h *Host) ID() string { return h.cfg.HostKey.PublicKey() }

// Lattice is the lattice the host belongs to.
func (h *Host) Lattice() string { return h.cfg.Lattice }

// FriendlyName is the host's cosmetic name.
func (h *Host) FriendlyName() string { return h.friendly }

// ClusterKey is the key that signs this host's invocations.
func (h *Host) ClusterKey() string { return h.cfg.ClusterKey.PublicKey() }

// StopRequested is closed-over by `trellis up`: it receives the correlation id when a
// control-interface stop command asks the host to stop.
func (h *Host) StopRequested() <-chan string { return h.stopReq }

func (h *Host) requestStop(correlationID string) {
	select {
	case h.stopReq <- correlationID:
	default:
	}
}

// Stop stops every actor (letting in-flight calls finish until ctx ends), leaves the
// lattice with a host_stopped event, and releases the runtime. It is safe to call twice.
func (h *Host) Stop(ctx context.Context) error {
	var err error
	h.stopOnce.Do(func() { err = h.shutdown(ctx) })
	return err
}

func (h *Host) shutdown(ctx context.Context) error {
	var errs []error
	for _, s := range h.subs {
		_ = s.Unsubscribe()
	}
	for _, e := range h.actors.all() {
		if _, _, err := h.stopActor(ctx, e.key, 0, nil); err != nil && !errors.Is(err, ErrActorNotRunning) {
			errs = append(errs, err)
		}
	}
	for _, e := range h.providerList() {
		if err := h.StopProvider(ctx, e.key, e.link, ""); err != nil {
			errs = append(errs, err)
		}
	}
	if h.cancel != nil {
		h.cancel()
	}
	h.wg.Wait()
	if h.members != nil {
		_ = h.members.Delete(ctx, h.ID())
	}
	if h.nc != nil && !h.nc.IsClosed() && h.store != nil {
		h.publishEvent(ctl.EventHostStopped, ctl.HostStopped{Labels: h.Labels()})
		_ = h.nc.FlushWithContext(ctx)
	}
	if h.rt != nil {
		errs = append(errs, h.rt.Close(ctx))
	}
	close(h.stopped)
	h.log.Info("host stopped")
	return errors.Join(errs...)
}

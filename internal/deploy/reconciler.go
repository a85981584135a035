package deploy

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/ctl"
)

// Defaults of ReconcilerConfig.
const (
	DefaultLeaseTTL      = 3 * time.Second
	DefaultLivenessCheck = time.Second
	DefaultResync        = 30 * time.Second
	DefaultStartTimeout  = 2 * time.Minute
)

// ReconcilerConfig configures a Reconciler.
type ReconcilerConfig struct {
	// Client talks to the lattice's hosts; its timeout bounds each scatter-gather.
	Client *ctl.Client
	// JetStream holds the manifests and the lease.
	JetStream jetstream.JetStream
	Lattice   string
	// ID names this contender for the lease (the host's id).
	ID string
	// LeaseTTL is how long a lease outlives its holder's last renewal.
	LeaseTTL time.Duration
	// LivenessCheck is how often the leader pings the hosts to notice one that is gone.
	LivenessCheck time.Duration
	// Resync is how often the leader compares everything even when nothing seemed to change.
	Resync time.Duration
	// StartTimeout bounds the wait for the outcome of a start or update command.
	StartTimeout time.Duration
	Logger       *slog.Logger
}

// Reconciler keeps the lattice in line with its deployed applications. Run it on every host:
// one of them holds the lease and acts.
type Reconciler struct {
	cfg   ReconcilerConfig
	log   *slog.Logger
	store *Store
	lease *Lease

	mu       sync.Mutex
	hosts    []string            // live hosts seen by the last pass, sorted
	pending  map[string]*pending // correlation id → command awaiting its outcome
	failures map[string]*failure // app/component → last failed command
	statuses map[string]*Status  // last status written per application
	leading  bool
	notify   chan struct{} // a pending command ended

	passes, sent atomic.Int64 // counters for Stats
}

type pending struct {
	app, component, host, what string
	done                       bool
}

// failure is the last failure of a component's command, and when to retry it.
type failure struct {
	message string
	count   int
	retry   time.Time
}

// NewReconciler opens the manifests store and the lease.
func NewReconciler(ctx context.Context, cfg ReconcilerConfig) (*Reconciler, error) {
	if cfg.Client == nil || cfg.JetStream == nil || cfg.ID == "" {
		return nil, errors.New("new reconciler: Client, JetStream and ID are required")
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = DefaultLeaseTTL
	}
	if cfg.LivenessCheck <= 0 {
		cfg.LivenessCheck = DefaultLivenessCheck
	}
	if cfg.Resync <= 0 {
		cfg.Resync = DefaultResync
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = DefaultStartTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	store, err := OpenStore(ctx, cfg.JetStream, cfg.Lattice)
	if err != nil {
		return nil, err
	}
	lease, err := OpenLease(ctx, cfg.JetStream, cfg.Lattice, cfg.ID, cfg.LeaseTTL)
	if err != nil {
		return nil, err
	}
	return &Reconciler{cfg: cfg, log: cfg.Logger.With("component", "reconciler"), store: store, lease: lease,
		pending: map[string]*pending{}, failures: map[string]*failure{}, statuses: map[string]*Status{}, notify: make(chan struct{}, 1)}, nil
}

// Store returns the manifests store.
func (r *Reconciler) Store() *Store { return r.store }

// Leading reports whether this reconciler holds the lease now.
func (r *Reconciler) Leading() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.leading
}

// Stats are counters of a reconciler's work since it started.
type Stats struct {
	// Passes is how many times it compared the applications with the lattice.
	Passes int64
	// Commands is how many commands it sent.
	Commands int64
}

// Stats returns the reconciler's counters.
func (r *Reconciler) Stats() Stats {
	return Stats{Passes: r.passes.Load(), Commands: r.sent.Load()}
}

// Run contends for the lease until ctx ends and reconciles while holding it.
func (r *Reconciler) Run(ctx context.Context) {
	r.lease.Hold(ctx, r.lead)
}

// lead is the leader's loop: a pass at once, then whenever a manifest or the lattice changes
// (events, a host gone or new), and every Resync.
func (r *Reconciler) lead(ctx context.Context) {
	r.mu.Lock()
	r.leading = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.leading = false
		r.mu.Unlock()
	}()
	r.log.Info("reconciler leading", "host", r.cfg.ID)
	trigger := make(chan struct{}, 1)
	poke := func() {
		select {
		case trigger <- struct{}{}:
		default:
		}
	}
	events, err := r.cfg.Client.Events(ctx)
	if err != nil {
		r.log.Error("reconciler cannot follow events", "err", err)
		return
	}
	watch, err := r.store.KV().Watch(ctx, "app.>", jetstream.UpdatesOnly())
	if err != nil {
		r.log.Error("reconciler cannot watch manifests", "err", err)
		return
	}
	defer func() { _ = watch.Stop() }()
	go r.followEvents(ctx, events, poke)
	go func() {
		for e := range watch.Updates() {
			if e != nil {
				poke()
			}
		}
	}()
	go func() {
		tick := time.NewTicker(r.cfg.LivenessCheck)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				// A dead host still in the membership bucket makes this wait for the client's
				// timeout, then it is missing from the answer: that is the change we look for.
				if r.hostsChanged(ctx) {
					poke()
				}
			}
		}
	}()
	resync := time.NewTicker(r.cfg.Resync)
	defer resync.Stop()
	poke()
	for {
		select {
		case <-ctx.Done():
			return
		case <-trigger:
		case <-resync.C:
		}
		r.passes.Add(1)
		again, err := r.pass(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.Warn("reconcile pass failed", "err", err)
			again = true
		}
		if again {
			// Commands were sent (or the pass failed): wait for their outcome, then look again.
			r.awaitPending(ctx)
			poke()
		}
	}
}

// followEvents resolves pending commands from their events and pokes a pass when the lattice
// changes under the reconciler.
func (r *Reconciler) followEvents(ctx context.Context, events <-chan ctl.Event, poke func()) {
	for ev := range events {
		var cid, failMsg string
		switch ev.Type {
		case ctl.EventActorsStarted:
			var d ctl.ActorsStarted
			_ = ev.DecodeData(&d)
			cid = d.CorrelationID
		case ctl.EventActorsStartFailed:
			var d ctl.ActorsStartFailed
			_ = ev.DecodeData(&d)
			cid, failMsg = d.CorrelationID, "start actor on host "+d.HostID+": "+d.Error
		case ctl.EventActorUpdated:
			var d ctl.ActorUpdated
			_ = ev.DecodeData(&d)
			cid = d.CorrelationID
		case ctl.EventActorUpdateFailed:
			var d ctl.ActorUpdateFailed
			_ = ev.DecodeData(&d)
			cid, failMsg = d.CorrelationID, "live update: "+d.Reason
		case ctl.EventProviderStarted:
			var d ctl.ProviderStarted
			_ = ev.DecodeData(&d)
			cid = d.CorrelationID
		case ctl.EventProviderStartFailed:
			var d ctl.ProviderStartFailed
			_ = ev.DecodeData(&d)
			cid, failMsg = d.CorrelationID, "start provider: "+d.Error
		case ctl.EventHostStarted, ctl.EventHostStopped, ctl.EventActorsStopped, ctl.EventProviderStopped, ctl.EventLinkdefDeleted, ctl.EventLabelsChanged:
			poke()
			continue
		default:
			continue
		}
		if cid != "" {
			r.resolve(cid, failMsg)
		}
	}
}

// resolve records the outcome of the pending command cid.
func (r *Reconciler) resolve(cid, failMsg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.pending[cid]
	if !ok || p.done {
		return
	}
	if failMsg != "" {
		f := r.recordFailure(p.app, p.component, failMsg)
		r.log.Warn("command failed", "app", p.app, "component", p.component, "host", p.host, "err", failMsg, "retry_in", time.Until(f.retry).Round(time.Second))
	} else {
		delete(r.failures, p.app+"/"+p.component)
	}
	r.finish(p)
}

// finish marks a pending command as ended and wakes awaitPending. r.mu must be held.
func (r *Reconciler) finish(p *pending) {
	p.done = true
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

// track registers a command whose outcome arrives as an event.
func (r *Reconciler) track(cid, app, component, host, what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending[cid] = &pending{app: app, component: component, host: host, what: what}
}

// failed records a command that failed at once (refused by the host).
func (r *Reconciler) failed(app, component, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recordFailure(app, component, msg)
}

// recordFailure notes a failed command of a component: its commands then wait 5 s, doubling
// with each further failure up to 2 min. r.mu must be held.
func (r *Reconciler) recordFailure(app, component, msg string) *failure {
	key := app + "/" + component
	f := r.failures[key]
	if f == nil {
		f = &failure{}
		r.failures[key] = f
	}
	f.count++
	f.message = msg
	f.retry = time.Now().Add(min(5*time.Second<<min(f.count-1, 5), 2*time.Minute))
	return f
}

// failureOf returns the component's last failure, and whether its commands must wait.
func (r *Reconciler) failureOf(app, component string) (*failure, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.failures[app+"/"+component]
	if f == nil {
		return nil, false
	}
	return f, time.Now().Before(f.retry)
}

// awaitPending waits until every pending command has an outcome or StartTimeout has passed
// since this call, then forgets them.
func (r *Reconciler) awaitPending(ctx context.Context) {
	deadline := time.NewTimer(r.cfg.StartTimeout)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		open := 0
		for _, p := range r.pending {
			if !p.done {
				open++
			}
		}
		if open == 0 {
			clear(r.pending)
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-r.notify:
		case <-deadline.C:
			r.mu.Lock()
			for cid, p := range r.pending {
				if !p.done {
					r.log.Warn("no outcome for a command", "app", p.app, "component", p.component, "host", p.host, "command", p.what, "correlation_id", cid)
				}
			}
			clear(r.pending)
			r.mu.Unlock()
			return
		}
	}
}

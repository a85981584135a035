package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
)

// GracePeriod bounds how long DeleteLink and a replaced link wait for in-flight requests before
// closing their connections.
const GracePeriod = 10 * time.Second

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// Provider is the wasmcloud:httpserver provider: one HTTP listener per linked actor. Create it
// with New and run it with provider.Run or provider.Main.
type Provider struct {
	log  *slog.Logger
	conn atomic.Pointer[provider.Conn]

	mu      sync.Mutex
	servers map[string]*server // by actor id
}

// New returns a provider logging to logger; with nil it logs to the logger of the Conn it is
// initialized with.
func New(logger *slog.Logger) *Provider {
	return &Provider{log: logger, servers: map[string]*server{}}
}

// Contract returns httpserver.ContractID.
func (p *Provider) Contract() string { return httpserver.ContractID }

// Init keeps c for calls to actors.
func (p *Provider) Init(_ context.Context, c *provider.Conn) error {
	if c == nil {
		return errors.New("httpserver: nil Conn")
	}
	p.mu.Lock()
	if p.log == nil {
		p.log = c.Logger()
	}
	p.mu.Unlock()
	p.conn.Store(c)
	return nil
}

func (p *Provider) logger() *slog.Logger {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.log
}

// PutLink starts (or updates) the listener of link's actor; see the package documentation for
// the link values.
func (p *Provider) PutLink(ctx context.Context, link ctl.LinkDefinition) error {
	cfg, err := parseConfig(link)
	if err != nil {
		return err
	}
	if p.conn.Load() == nil {
		return fmt.Errorf("httpserver link of actor %s: provider not initialized (Init was not called)", link.ActorID)
	}
	p.mu.Lock()
	old := p.servers[link.ActorID]
	p.mu.Unlock()
	if old != nil && old.cfg.Load().Addr == cfg.Addr && old.serving() {
		old.update(link, cfg) // same listener, new timeout, limit or link
		p.logger().Info("http listener updated", "actor", link.ActorID, "address", cfg.Addr)
		return nil
	}
	if old != nil && old.cfg.Load().Addr == cfg.Addr {
		// The old listener failed: free its address before binding it again.
		p.stop(ctx, old)
		old = nil
	}
	s, err := p.start(link, cfg)
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.servers[link.ActorID] = s
	p.mu.Unlock()
	if old != nil {
		p.stop(ctx, old)
	}
	return nil
}

// DeleteLink stops the listener of link's actor gracefully.
func (p *Provider) DeleteLink(ctx context.Context, link ctl.LinkDefinition) error {
	p.mu.Lock()
	s := p.servers[link.ActorID]
	delete(p.servers, link.ActorID)
	p.mu.Unlock()
	if s == nil {
		return nil
	}
	return p.stop(ctx, s)
}

// Handle refuses every operation: actors do not call this provider.
func (p *Provider) Handle(_ context.Context, actorID string, _ ctl.LinkDefinition, op string, _ []byte) ([]byte, error) {
	return nil, fmt.Errorf("httpserver provider has no operation %s (called by actor %s): it only calls actors", op, actorID)
}

// Health reports an error naming every listener that is not serving.
func (p *Provider) Health(context.Context) error {
	p.mu.Lock()
	servers := slices.Collect(maps.Values(p.servers))
	p.mu.Unlock()
	var errs []error
	for _, s := range servers {
		if err := s.failure(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Shutdown stops every listener gracefully, closing connections still busy when ctx ends.
func (p *Provider) Shutdown(ctx context.Context) error {
	p.mu.Lock()
	servers := slices.Collect(maps.Values(p.servers))
	clear(p.servers)
	p.mu.Unlock()
	errs := make([]error, len(servers))
	var wg sync.WaitGroup
	for i, s := range servers {
		wg.Go(func() { errs[i] = s.stop(ctx) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// start binds cfg.Addr and serves it for link's actor.
func (p *Provider) start(link ctl.LinkDefinition, cfg config) (*server, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("httpserver link of actor %s (link %s): cannot listen on %s (%s): %w",
			link.ActorID, link.LinkName, cfg.Addr, cfg.Source, err)
	}
	log := p.logger().With("actor", link.ActorID, "address", ln.Addr().String())
	s := &server{p: p, actor: link.ActorID, ln: ln, done: make(chan struct{}), log: log}
	s.update(link, cfg)
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go s.serve()
	log.Info("http listener started")
	return s, nil
}

// stop stops s gracefully within GracePeriod (or ctx's deadline, if sooner, once ctx ends).
func (p *Provider) stop(ctx context.Context, s *server) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), GracePeriod)
	defer cancel()
	return s.stop(ctx)
}

// server is the listener of one actor.
type server struct {
	p     *Provider
	actor string
	ln    net.Listener
	srv   *http.Server
	log   *slog.Logger
	cfg   atomic.Pointer[config]
	link  atomic.Pointer[ctl.LinkDefinition]
	done  chan struct{} // closed when Serve returns
	err   error         // why Serve returned, when not stopped; valid after done
	state atomic.Int32  // 0 serving, 1 stopping
}

func (s *server) update(link ctl.LinkDefinition, cfg config) {
	s.link.Store(&link)
	s.cfg.Store(&cfg)
}

func (s *server) serve() {
	defer close(s.done)
	err := s.srv.Serve(s.ln)
	if s.state.Load() == 0 {
		s.err = err
		s.log.Error("http listener failed", "err", err)
	}
}

// serving reports whether s still serves.
func (s *server) serving() bool { return s.failure() == nil }

// failure returns why s no longer serves, or nil.
func (s *server) failure() error {
	select {
	case <-s.done:
		if s.state.Load() != 0 {
			return fmt.Errorf("http listener of actor %s on %s is stopped", s.actor, s.cfg.Load().Addr)
		}
		return fmt.Errorf("http listener of actor %s on %s failed: %v", s.actor, s.cfg.Load().Addr, s.err)
	default:
		return nil
	}
}

// stop shuts s down gracefully, then closes the connections still open when ctx ends.
func (s *server) stop(ctx context.Context) error {
	s.state.Store(1)
	err := s.srv.Shutdown(ctx)
	if err != nil {
		_ = s.srv.Close() // only reports the listener's close error, already seen by Shutdown
		err = fmt.Errorf("http listener of actor %s on %s: graceful stop: %w", s.actor, s.cfg.Load().Addr, err)
	}
	<-s.done
	s.log.Info("http listener stopped")
	return err
}

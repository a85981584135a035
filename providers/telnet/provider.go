package telnet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/trellis-lattice/trellis/contract/telnet"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/actorlinks"
)

// Timeouts of the provider's writes and stops.
const (
	// WriteTimeout bounds every write to a client; a client that does not read for this long
	// is disconnected.
	WriteTimeout = 10 * time.Second
	// NoticeTimeout bounds the notices written to a client that is being turned away or shut
	// down ("server full", "server shutting down").
	NoticeTimeout = time.Second
	// StopTimeout bounds how long DeleteLink and a replaced link wait for a listener's sessions
	// to end.
	StopTimeout = 5 * time.Second
)

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// Provider is the wasmcloud:telnet provider: one TCP listener per linked actor, one session
// per connection. Create it with New and run it with provider.Run or provider.Main.
type Provider struct {
	conn     atomic.Pointer[provider.Conn]
	instance string // prefix of session ids; set by Init
	seq      atomic.Uint64

	mu        sync.Mutex
	log       *slog.Logger
	listeners actorlinks.Table[*listener] // by actor id
	sessions  map[string]*session         // by session id, across listeners
}

// New returns a provider logging to logger; with nil it logs to the logger of the Conn it is
// initialized with.
func New(logger *slog.Logger) *Provider {
	return &Provider{log: logger, sessions: map[string]*session{}}
}

// Contract returns telnet.ContractID.
func (p *Provider) Contract() string { return telnet.ContractID }

// Init keeps c for calls to actors and takes the session id prefix from its instance id.
func (p *Provider) Init(_ context.Context, c *provider.Conn) error {
	if c == nil {
		return errors.New("telnet: nil Conn")
	}
	p.mu.Lock()
	if p.log == nil {
		p.log = c.Logger()
	}
	p.instance = c.HostData().InstanceID
	if p.instance == "" {
		p.instance = uuid.NewString()
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

// newSessionID returns an id unique across the lattice and restarts: the provider's instance
// id (a fresh UUID per launch) and a counter.
func (p *Provider) newSessionID() string {
	p.mu.Lock()
	instance := p.instance
	p.mu.Unlock()
	return instance + "-" + strconv.FormatUint(p.seq.Add(1), 10)
}

// PutLink starts (or updates) the listener of link's actor; see the package documentation for
// the link values.
func (p *Provider) PutLink(ctx context.Context, link ctl.LinkDefinition) error {
	cfg, err := parseConfig(link)
	if err != nil {
		return err
	}
	if p.conn.Load() == nil {
		return fmt.Errorf("telnet link of actor %s: provider not initialized (Init was not called)", link.ActorID)
	}
	old, _ := p.listeners.Get(link.ActorID)
	if old != nil && old.cfg.Load().Addr == cfg.Addr && old.failure() == nil {
		old.update(link, cfg) // same listener; new limits apply to new sessions
		p.logger().Info("telnet listener updated", "actor", link.ActorID, "address", cfg.Addr)
		return nil
	}
	if old != nil && old.cfg.Load().Addr == cfg.Addr {
		// The old listener failed: free its address before binding it again.
		p.stop(ctx, old)
		old = nil
	}
	l, err := p.start(link, cfg)
	if err != nil {
		return err
	}
	p.listeners.Put(link.ActorID, l)
	if old != nil {
		p.stop(ctx, old)
	}
	return nil
}

// DeleteLink stops the listener of link's actor and ends its sessions, telling each client
// "server shutting down". The actor gets no SessionEnded for them.
func (p *Provider) DeleteLink(ctx context.Context, link ctl.LinkDefinition) error {
	if l, ok := p.listeners.Delete(link.ActorID); ok {
		p.stop(ctx, l)
	}
	return nil
}

// Handle runs Telnet.SendText: it writes the text to the session, which must be a connected
// session of actorID.
func (p *Provider) Handle(_ context.Context, actorID string, _ ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	if op != telnet.OpSendText {
		return nil, fmt.Errorf("telnet provider has no operation %s (called by actor %s)", op, actorID)
	}
	var m telnet.TextMessage
	if err := m.UnmarshalMsg(payload); err != nil {
		return nil, fmt.Errorf("%s from actor %s: %w", op, actorID, err)
	}
	s := p.session(m.Session)
	if s == nil || s.l.actor != actorID || s.ended() {
		return nil, &telnet.NotConnectedError{Session: m.Session}
	}
	if err := s.write(telnetText(m.Text), WriteTimeout); err != nil {
		return nil, fmt.Errorf("send text to session %s: %w", m.Session, err)
	}
	return nil, nil
}

// Health reports an error naming every listener that is not accepting connections.
func (p *Provider) Health(context.Context) error {
	var errs []error
	for _, e := range p.listeners.Sorted() {
		if err := e.Value.failure(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Shutdown stops every listener and ends every session, telling each client "server shutting
// down"; sessions still open when ctx ends are closed at once. Actors get no SessionEnded.
func (p *Provider) Shutdown(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, l := range p.listeners.Drain() {
		wg.Go(func() { l.stop(ctx) })
	}
	wg.Wait()
	return nil
}

// start binds cfg.Addr and accepts sessions on it for link's actor.
func (p *Provider) start(link ctl.LinkDefinition, cfg config) (*listener, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("telnet link of actor %s (link %s): cannot listen on %s (%s): %w",
			link.ActorID, link.LinkName, cfg.Addr, cfg.Source, err)
	}
	l := newListener(p, link, cfg, ln)
	go l.serve()
	l.log.Info("telnet listener started")
	return l, nil
}

// stop stops l within StopTimeout, even after ctx has ended.
func (p *Provider) stop(ctx context.Context, l *listener) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), StopTimeout)
	defer cancel()
	l.stop(ctx)
}

func (p *Provider) addSession(s *session) {
	p.mu.Lock()
	p.sessions[s.id] = s
	p.mu.Unlock()
}

func (p *Provider) removeSession(s *session) {
	p.mu.Lock()
	delete(p.sessions, s.id)
	p.mu.Unlock()
}

func (p *Provider) session(id string) *session {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sessions[id]
}

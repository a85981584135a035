package telnet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
)

// listener accepts the sessions of one linked actor.
type listener struct {
	p      *Provider
	actor  string
	ln     net.Listener
	log    *slog.Logger
	cfg    atomic.Pointer[config]
	link   atomic.Pointer[ctl.LinkDefinition]
	ctx    context.Context // of the actor calls; canceled by stop
	cancel context.CancelFunc
	done   chan struct{} // closed when the accept loop returns
	err    error         // why the accept loop returned, when not stopped; valid after done
	wg     sync.WaitGroup

	mu       sync.Mutex
	stopping bool
	sessions map[*session]struct{}
}

func newListener(p *Provider, link ctl.LinkDefinition, cfg config, ln net.Listener) *listener {
	ctx, cancel := context.WithCancel(context.Background())
	l := &listener{
		p: p, actor: link.ActorID, ln: ln, ctx: ctx, cancel: cancel, done: make(chan struct{}),
		log:      p.logger().With("actor", link.ActorID, "address", ln.Addr().String()),
		sessions: map[*session]struct{}{},
	}
	l.update(link, cfg)
	return l
}

func (l *listener) update(link ctl.LinkDefinition, cfg config) {
	l.link.Store(&link)
	l.cfg.Store(&cfg)
}

// serve accepts connections until the listener is closed, retrying after transient errors
// (such as running out of file descriptors) with a growing pause.
func (l *listener) serve() {
	defer close(l.done)
	var pause time.Duration
	for {
		conn, err := l.ln.Accept()
		if err == nil {
			pause = 0
			l.wg.Add(1)
			go l.serveConn(conn)
			continue
		}
		if l.isStopping() {
			return
		}
		if errors.Is(err, net.ErrClosed) {
			l.err = err
			l.log.Error("telnet listener failed", "err", err)
			return
		}
		pause = min(max(2*pause, 5*time.Millisecond), time.Second)
		l.log.Warn("accept failed; retrying", "err", err, "pause", pause)
		select {
		case <-time.After(pause):
		case <-l.ctx.Done():
			return
		}
	}
}

// serveConn runs the session of conn, or turns the client away when the listener is full or
// stopping.
func (l *listener) serveConn(conn net.Conn) {
	defer l.wg.Done()
	cfg := l.cfg.Load()
	s := &session{l: l, conn: conn, cfg: cfg}
	if refusal := l.add(s); refusal != "" {
		_ = s.write(telnetText(refusal+"\n"), NoticeTimeout)
		_ = conn.Close()
		l.log.Info("telnet session refused", "remote", conn.RemoteAddr().String(), "reason", refusal)
		return
	}
	s.run()
}

// add registers s and gives it an id, or returns why it is refused.
func (l *listener) add(s *session) (refusal string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.stopping:
		return noticeShutdown
	case len(l.sessions) >= s.cfg.maxSessions:
		return noticeFull
	}
	s.id = l.p.newSessionID()
	l.sessions[s] = struct{}{}
	l.p.addSession(s)
	return ""
}

// remove unregisters s; SendText to it fails from then on.
func (l *listener) remove(s *session) {
	l.mu.Lock()
	delete(l.sessions, s)
	l.mu.Unlock()
	l.p.removeSession(s)
}

func (l *listener) isStopping() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stopping
}

// failure returns why l no longer accepts connections, or nil.
func (l *listener) failure() error {
	select {
	case <-l.done:
		if l.isStopping() {
			return fmt.Errorf("telnet listener of actor %s on %s is stopped", l.actor, l.cfg.Load().Addr)
		}
		return fmt.Errorf("telnet listener of actor %s on %s failed: %v", l.actor, l.cfg.Load().Addr, l.err)
	default:
		return nil
	}
}

// stop closes the listener, tells every client "server shutting down" and ends its session,
// and waits for the sessions' goroutines. Once ctx ends it closes the connections still open
// without waiting for the notice.
func (l *listener) stop(ctx context.Context) {
	l.mu.Lock()
	l.stopping = true
	sessions := make([]*session, 0, len(l.sessions))
	for s := range l.sessions {
		sessions = append(sessions, s)
	}
	l.mu.Unlock()
	_ = l.ln.Close()
	<-l.done // no more l.wg.Add
	l.cancel()
	var notices sync.WaitGroup
	for _, s := range sessions {
		notices.Go(s.shutdown)
	}
	ended := make(chan struct{})
	go func() {
		l.wg.Wait()
		notices.Wait()
		close(ended)
	}()
	select {
	case <-ended:
	case <-ctx.Done():
		for _, s := range sessions {
			s.end(noticeShutdown)
		}
		<-ended
	}
	l.log.Info("telnet listener stopped", "sessions", len(sessions))
}

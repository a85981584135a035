package natsd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// DefaultStartTimeout bounds Start when its context has no deadline. Restoring large JetStream
// state can take a while, so it is generous.
const DefaultStartTimeout = 30 * time.Second

// Server is a running embedded NATS server.
type Server struct {
	ns      *server.Server
	log     *slogLogger
	started chan struct{} // closed when server.Start has returned

	clientURL, clusterURL, leafURL string

	shutdownOnce sync.Once
}

// Start starts a server for cfg and returns once it accepts connections (and, with JetStream,
// has restored its state). A listener whose fixed port is taken fails with an error that
// errors.Is syscall.EADDRINUSE, e.g. "listen 127.0.0.1:4222: address already in use".
func Start(ctx context.Context, cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := checkPortsFree(cfg); err != nil {
		return nil, fmt.Errorf("start nats server: %w", err)
	}
	opts, err := cfg.options()
	if err != nil {
		return nil, fmt.Errorf("start nats server: %w", err)
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("start nats server: %w", err)
	}
	log := cfg.Logger.With("component", "nats-server")
	if cfg.ServerName != "" {
		log = log.With("server", cfg.ServerName)
	}
	s := &Server{ns: ns, log: &slogLogger{log: log}, started: make(chan struct{})}
	bg := context.Background()
	ns.SetLoggerV2(s.log, log.Enabled(bg, slog.LevelDebug), log.Enabled(bg, LevelTrace), false)
	go func() {
		defer close(s.started)
		ns.Start()
	}()
	if err := s.waitReady(ctx); err != nil {
		s.Shutdown()
		return nil, fmt.Errorf("start nats server: %w", err)
	}
	s.fillURLs(cfg)
	return s, nil
}

// options translates the (validated, defaulted) config into nats-server options.
func (c *Config) options() (*server.Options, error) {
	o := &server.Options{
		ServerName: c.ServerName,
		Host:       c.Host,
		Port:       c.Port,
		DontListen: c.Port == NoListener,
		NoSigs:     true,
		JetStream:  c.JetStream,
		StoreDir:   c.DataDir,

		JetStreamDomain: c.JetStreamDomain,
	}
	if o.DontListen {
		o.Port = RandomPort // never bind the default 4222 by accident
	}
	if c.ClusterPort != NoListener {
		o.Cluster = server.ClusterOpts{Name: c.ClusterName, Host: c.ClusterHost, Port: c.ClusterPort}
	}
	for _, r := range c.Routes {
		u, err := url.Parse(r)
		if err != nil {
			return nil, fmt.Errorf("route %q: %w", r, err)
		}
		o.Routes = append(o.Routes, u)
	}
	if c.LeafPort != NoListener {
		o.LeafNode.Host, o.LeafNode.Port = c.LeafHost, c.LeafPort
	}
	for _, r := range c.LeafRemotes {
		u, err := url.Parse(r.URL)
		if err != nil {
			return nil, fmt.Errorf("leaf remote %q: %w", r.URL, err)
		}
		o.LeafNode.Remotes = append(o.LeafNode.Remotes, &server.RemoteLeafOpts{URLs: []*url.URL{u}, Credentials: r.CredentialsFile})
	}
	return o, nil
}

// checkPortsFree fails early, with a clear message, when a fixed port is already taken. The
// server would otherwise only log the failure.
func checkPortsFree(c Config) error {
	for _, hp := range []struct {
		host string
		port int
	}{{c.Host, c.Port}, {c.ClusterHost, c.ClusterPort}, {c.LeafHost, c.LeafPort}} {
		if hp.port <= 0 {
			continue
		}
		addr := net.JoinHostPort(hp.host, strconv.Itoa(hp.port))
		l, err := net.Listen("tcp", addr)
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("listen %s: %w", addr, syscall.EADDRINUSE)
		}
		if err != nil {
			return fmt.Errorf("listen %s: %w", addr, err)
		}
		if err := l.Close(); err != nil {
			return fmt.Errorf("listen %s: %w", addr, err)
		}
	}
	return nil
}

// waitReady polls until the server accepts connections, reports a fatal error, or ctx (or
// DefaultStartTimeout) ends.
func (s *Server) waitReady(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultStartTimeout)
		defer cancel()
	}
	for {
		if err := s.log.fatalErr(); err != nil {
			return err
		}
		// The server enables JetStream before it opens its listeners, so ready means JetStream
		// is up too, unless that failed fatally.
		if s.ns.ReadyForConnections(50 * time.Millisecond) {
			return s.log.fatalErr()
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("not ready: %w", err)
		}
	}
}

// fillURLs records the listener URLs once the listeners are bound (ports may have been random).
func (s *Server) fillURLs(c Config) {
	if c.Port != NoListener {
		s.clientURL = s.ns.ClientURL()
	}
	if a := s.ns.ClusterAddr(); a != nil {
		s.clusterURL = "nats-route://" + net.JoinHostPort(c.ClusterHost, strconv.Itoa(a.Port))
	}
	if c.LeafPort != NoListener {
		if v, err := s.ns.Varz(nil); err == nil {
			s.leafURL = "nats-leaf://" + net.JoinHostPort(c.LeafHost, strconv.Itoa(v.LeafNode.Port))
		}
	}
}

// ClientURL returns the nats:// URL of the client listener, or "" for an in-process server.
func (s *Server) ClientURL() string { return s.clientURL }

// ClusterURL returns the nats-route:// URL other servers use in Config.Routes, or "".
func (s *Server) ClusterURL() string { return s.clusterURL }

// LeafURL returns the nats-leaf:// URL leaf servers use in Config.LeafRemotes, or "".
func (s *Server) LeafURL() string { return s.leafURL }

// Ready reports whether the server accepts connections: true from Start's return until Shutdown.
func (s *Server) Ready() bool { return s.ns.Running() }

// Connect opens an in-process client connection: no TCP, and it works whether or not the server
// listens for clients. opts are added after the in-process option.
func (s *Server) Connect(opts ...nats.Option) (*nats.Conn, error) {
	nc, err := nats.Connect("", append([]nats.Option{nats.InProcessServer(s.ns)}, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("connect to embedded nats server: %w", err)
	}
	return nc, nil
}

// Shutdown stops the server and waits until it has stopped. It is safe to call more than once.
func (s *Server) Shutdown() {
	s.shutdownOnce.Do(func() {
		s.ns.Shutdown()
		s.ns.WaitForShutdown()
		<-s.started
	})
}

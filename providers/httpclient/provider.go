package httpclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/trellis-lattice/trellis/contract/httpclient"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/actorlinks"
)

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// Provider is the wasmcloud:httpclient provider: it makes the HTTP requests of linked actors,
// with an http.Client per link. Create it with New and run it with provider.Run or
// provider.Main.
type Provider struct {
	transport *http.Transport // shared by every link's client
	clients   actorlinks.Table[*client]

	mu  sync.Mutex
	log *slog.Logger
}

// client is the HTTP client of one link.
type client struct {
	http *http.Client
	cfg  config
}

// New returns a provider logging to logger; with nil it logs to the logger of the Conn it is
// initialized with.
func New(logger *slog.Logger) *Provider {
	return &Provider{log: logger, transport: http.DefaultTransport.(*http.Transport).Clone()}
}

// Contract returns httpclient.ContractID.
func (p *Provider) Contract() string { return httpclient.ContractID }

// Init takes the logger of c when New was given none.
func (p *Provider) Init(_ context.Context, c *provider.Conn) error {
	if c == nil {
		return errors.New("httpclient: nil Conn")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.log == nil {
		p.log = c.Logger()
	}
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

// PutLink builds the HTTP client of link's actor from its values; see the package
// documentation.
func (p *Provider) PutLink(_ context.Context, link ctl.LinkDefinition) error {
	c, err := p.newClient(link)
	if err != nil {
		return err
	}
	p.clients.Put(link.ActorID, c)
	p.logger().Info("httpclient link active", "actor", link.ActorID, "timeout", c.cfg.timeout,
		"max_response_body", c.cfg.maxBody, "follow_redirects", c.cfg.followRedirects)
	return nil
}

// DeleteLink drops the client of link's actor.
func (p *Provider) DeleteLink(_ context.Context, link ctl.LinkDefinition) error {
	p.clients.Delete(link.ActorID)
	return nil
}

// Handle runs HttpClient.Request for actorID.
func (p *Provider) Handle(ctx context.Context, actorID string, link ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	if op != httpclient.OpRequest {
		return nil, fmt.Errorf("httpclient provider has no operation %s (called by actor %s)", op, actorID)
	}
	var req httpclient.Request
	if err := req.UnmarshalMsg(payload); err != nil {
		return nil, fmt.Errorf("%s from actor %s: %w", op, actorID, err)
	}
	c, ok := p.clients.Get(actorID)
	if !ok { // Run calls Handle only for active links; stay correct without one.
		var err error
		if c, err = p.newClient(link); err != nil {
			return nil, err
		}
	}
	resp, err := c.do(ctx, &req)
	if err != nil {
		p.logger().Debug("http request failed", "actor", actorID, "err", err)
		return nil, err
	}
	return resp.AppendMsg(nil), nil
}

// Health reports the provider healthy: it holds no connections that could fail.
func (p *Provider) Health(context.Context) error { return nil }

// Shutdown drops every link's client and closes idle connections.
func (p *Provider) Shutdown(context.Context) error {
	p.clients.Drain()
	p.transport.CloseIdleConnections()
	return nil
}

// newClient returns the HTTP client for link's values.
func (p *Provider) newClient(link ctl.LinkDefinition) (*client, error) {
	cfg, err := parseConfig(link)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Transport: p.transport, Timeout: cfg.timeout, CheckRedirect: checkRedirect(cfg.followRedirects)}
	return &client{http: hc, cfg: cfg}, nil
}

// errTooManyRedirects ends a request that redirects more than MaxRedirects times.
var errTooManyRedirects = fmt.Errorf("stopped after %d redirects", MaxRedirects)

// checkRedirect returns the redirect policy: follow up to MaxRedirects, or return the redirect
// response itself.
func checkRedirect(follow bool) func(*http.Request, []*http.Request) error {
	return func(_ *http.Request, via []*http.Request) error {
		switch {
		case !follow:
			return http.ErrUseLastResponse
		case len(via) > MaxRedirects:
			return errTooManyRedirects
		}
		return nil
	}
}

package sqlrows

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/actorlinks"
)

// HealthTimeout bounds the ping of each link's database in Health.
const HealthTimeout = 2 * time.Second

// Database is one link's database, as a Driver opens it: a Backend that can also be pinged and
// closed.
type Database interface {
	Backend
	// Addr is the server's host:port, for messages.
	Addr() string
	// Ping checks that the server answers.
	Ping(ctx context.Context) error
	// Close closes the database: later statements fail. It may return before the connections
	// in use are closed; Closed reports when they are. Close is called once.
	Close() error
	// Closed is closed when Close has closed every connection.
	Closed() <-chan struct{}
}

// Driver is what a sqldb provider adds to Provider: its names and how it opens a link's
// database.
type Driver[D Database] struct {
	// Name is the provider's name, e.g. "sqldb-postgres": it starts the provider's log
	// messages and errors.
	Name string
	// Server names the kind of server in Health's errors, e.g. "postgres".
	Server string
	// Open makes the database of a link with options o, without connecting: a server that is
	// down shows in Health and in each result. Its error names what is wrong with the values.
	Open func(o Options) (D, error)
}

// Provider is a wasmcloud:sqldb provider that serves each linked actor from its own database
// D, which Driver opens. Create it with NewProvider; the sqldb provider packages embed it.
type Provider[D Database] struct {
	driver Driver[D]
	log    *slog.Logger
	links  actorlinks.Table[link[D]]
}

// link is one actor's database and the options of its link.
type link[D Database] struct {
	db   D
	opts Options
}

var (
	_ provider.Provider    = (*Provider[Database])(nil)
	_ provider.Initializer = (*Provider[Database])(nil)
)

// NewProvider returns a provider with no links; nil logger means slog.Default().
func NewProvider[D Database](logger *slog.Logger, driver Driver[D]) *Provider[D] {
	if logger == nil {
		logger = slog.Default()
	}
	return &Provider[D]{driver: driver, log: logger}
}

// Init makes the provider log to the logger of c.
func (p *Provider[D]) Init(_ context.Context, c *provider.Conn) error {
	p.log = c.Logger()
	return nil
}

// Contract returns wasmcloud:sqldb.
func (p *Provider[D]) Contract() string { return sqldb.ContractID }

// PutLink opens the link's database, replacing (and closing) the actor's previous one. It
// does not connect: a server that is down shows in Health and in each result.
func (p *Provider[D]) PutLink(_ context.Context, ld ctl.LinkDefinition) error {
	l, err := p.open(ld.Values)
	if err != nil {
		return fmt.Errorf("%s: link %q of actor %s: %w", p.driver.Name, ld.LinkName, ld.ActorID, err)
	}
	if old, ok := p.links.Put(ld.ActorID, l); ok {
		_ = old.db.Close()
	}
	p.log.Info(p.driver.Name+" link", "actor", ld.ActorID, "link", ld.LinkName,
		"addr", l.db.Addr(), "database", l.db.Database(), "max_connections", l.opts.MaxConnections)
	return nil
}

// open parses a link's values and opens its database.
func (p *Provider[D]) open(values map[string]string) (link[D], error) {
	o, err := ParseOptions(values)
	if err != nil {
		return link[D]{}, err
	}
	db, err := p.driver.Open(o)
	return link[D]{db: db, opts: o}, err
}

// DeleteLink closes the actor's database.
func (p *Provider[D]) DeleteLink(_ context.Context, ld ctl.LinkDefinition) error {
	if l, ok := p.links.Delete(ld.ActorID); ok {
		return l.db.Close()
	}
	return nil
}

// Handle runs a SqlDb operation on the database of actorID's link.
func (p *Provider[D]) Handle(ctx context.Context, actorID string, _ ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	l, ok := p.links.Get(actorID)
	if !ok {
		return nil, fmt.Errorf("%s: %s has no link for actor %s", op, p.driver.Name, actorID)
	}
	return Dispatch(ctx, l.db, l.opts, op, payload)
}

// Health pings the database of every link, each within HealthTimeout; the error lists the
// failures by actor.
func (p *Provider[D]) Health(ctx context.Context) error {
	var errs []error
	for _, e := range p.links.Sorted() {
		pctx, cancel := context.WithTimeout(ctx, HealthTimeout)
		err := e.Value.db.Ping(pctx)
		cancel()
		if err != nil {
			errs = append(errs, fmt.Errorf("actor %s: %s %s: %w", e.Actor, p.driver.Server, e.Value.db.Addr(), err))
		}
	}
	return errors.Join(errs...)
}

// Shutdown closes every database and waits, until ctx is done, for their connections to
// close.
func (p *Provider[D]) Shutdown(ctx context.Context) error {
	links := p.links.Drain()
	var errs []error
	for _, l := range links {
		errs = append(errs, l.db.Close())
	}
	for _, l := range links {
		if err := waitClosed(ctx, l.db); err != nil {
			return errors.Join(append(errs, fmt.Errorf("%s: closing connections: %w", p.driver.Name, err))...)
		}
	}
	return errors.Join(errs...)
}

// waitClosed waits until db's connections are closed or ctx is done; a database closed
// already is never an error.
func waitClosed(ctx context.Context, db Database) error {
	select {
	case <-db.Closed():
		return nil
	default:
	}
	select {
	case <-db.Closed():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Linked returns the database of actorID's link. It is a function rather than a method so
// that it does not join the exported API of the providers that embed Provider; tests use it.
func Linked[D Database](p *Provider[D], actorID string) (D, bool) {
	l, ok := p.links.Get(actorID)
	return l.db, ok
}

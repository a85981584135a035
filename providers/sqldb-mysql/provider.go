package sqldbmysql

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows"
)

// DefaultConnectTimeout bounds a connection attempt when the uri sets no timeout, so that a
// server that is down fails an operation well within the lattice's RPC timeout.
const DefaultConnectTimeout = 5 * time.Second

// HealthTimeout bounds the ping of each link's database in Health.
const HealthTimeout = sqlrows.HealthTimeout

// Provider is the MySQL/MariaDB sqldb provider. Create it with New.
type Provider struct{ *shell }

// shell is the sqldb provider shared with sqldb-postgres, on a *sql.DB per link: PutLink opens
// it without connecting and closes the one it replaces, DeleteLink and Shutdown close it.
type shell = sqlrows.Provider[*database]

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// New returns a provider with no links; nil logger means slog.Default().
func New(logger *slog.Logger) *Provider {
	return &Provider{sqlrows.NewProvider(logger, sqlrows.Driver[*database]{
		Name: "sqldb-mysql", Server: "mysql", Open: openDatabase,
	})}
}

// openDatabase makes a link's pool, which has not connected yet.
func openDatabase(o sqlrows.Options) (*database, error) {
	cfg, err := parseURI(o.URI)
	if err != nil {
		return nil, fmt.Errorf("invalid %s value: %w", sqlrows.LinkURI, err)
	}
	configure(cfg)
	db, err := openDB(cfg)
	if err != nil {
		return nil, fmt.Errorf("invalid %s value: %w", sqlrows.LinkURI, err)
	}
	db.SetMaxOpenConns(o.MaxConnections)
	db.SetMaxIdleConns(o.MaxConnections)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &database{db: db, addr: cfg.Addr, name: cfg.DBName, closed: make(chan struct{})}, nil
}

// database is one link's database: a sqlrows.Database on a *sql.DB.
type database struct {
	db   *sql.DB
	addr string // host:port, for messages
	name string

	closeOnce sync.Once
	closed    chan struct{} // closed when Close has returned
}

var _ sqlrows.Database = (*database)(nil)

// Addr returns the server's host:port.
func (d *database) Addr() string { return d.addr }

// Ping checks that the server answers.
func (d *database) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }

// Close closes the pool, waiting for the statements that run to finish.
func (d *database) Close() error {
	err := d.db.Close()
	d.closeOnce.Do(func() { close(d.closed) })
	return err
}

// Closed is closed once Close has returned: then every connection is closed.
func (d *database) Closed() <-chan struct{} { return d.closed }

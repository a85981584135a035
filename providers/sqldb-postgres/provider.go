package sqldbpostgres

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows"
)

// DefaultConnectTimeout bounds a connection attempt when the uri sets no connect_timeout, so
// that a server that is down fails an operation well within the lattice's RPC timeout.
const DefaultConnectTimeout = 5 * time.Second

// HealthTimeout bounds the ping of each link's database in Health.
const HealthTimeout = sqlrows.HealthTimeout

// Provider is the PostgreSQL sqldb provider. Create it with New.
type Provider struct{ *shell }

// shell is the sqldb provider shared with sqldb-mysql, on a pgxpool per link: PutLink makes it
// without connecting and closes the one it replaces, without waiting for its statements;
// DeleteLink closes it the same way; Shutdown closes every pool and waits, until its context
// is done, for their connections to close.
type shell = sqlrows.Provider[*pool]

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// New returns a provider with no links; nil logger means slog.Default().
func New(logger *slog.Logger) *Provider {
	return &Provider{sqlrows.NewProvider(logger, sqlrows.Driver[*pool]{
		Name: "sqldb-postgres", Server: "postgres", Open: newPool,
	})}
}

// newPool makes a link's pool, which has not connected yet.
func newPool(o sqlrows.Options) (*pool, error) {
	pc, err := pgxpool.ParseConfig(o.URI)
	if err != nil {
		return nil, fmt.Errorf("invalid %s value: %w", sqlrows.LinkURI, err)
	}
	pc.MaxConns = int32(min(o.MaxConnections, math.MaxInt32))
	pc.MinConns = min(pc.MinConns, pc.MaxConns)
	pc.MinIdleConns = min(pc.MinIdleConns, pc.MaxConns)
	cc := pc.ConnConfig
	if cc.ConnectTimeout == 0 {
		cc.ConnectTimeout = DefaultConnectTimeout
	}
	if o.StatementTimeout > 0 {
		if cc.RuntimeParams == nil {
			cc.RuntimeParams = map[string]string{}
		}
		cc.RuntimeParams["statement_timeout"] = fmt.Sprint(o.StatementTimeout.Milliseconds())
	}
	db, err := pgxpool.NewWithConfig(context.Background(), pc) // does not connect
	if err != nil {
		return nil, fmt.Errorf("connection pool: %w", err)
	}
	return &pool{db: db, addr: fmt.Sprintf("%s:%d", cc.Host, cc.Port), database: cc.Database, closed: make(chan struct{})}, nil
}

package keyvaluenats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/actorlinks"
	"github.com/trellis-lattice/trellis/providers/internal/kvstore"
	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

// Link values, matched without regard to case.
const (
	// LinkBucket names the link's bucket; DefaultBucket(lattice) when absent.
	LinkBucket = "bucket"
	// LinkURL is the NATS server of the link's bucket; the provider's own connection when absent.
	LinkURL = "URL"
)

// BucketPrefix starts the name of a lattice's default bucket.
const BucketPrefix = "TRELLIS_KV_"

var bucketRe = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// DefaultBucket returns the bucket of links without a bucket value in lattice: BucketPrefix and
// the lattice name, with each character a bucket name cannot hold replaced by '_'.
func DefaultBucket(lattice string) string {
	return BucketPrefix + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, lattice)
}

// Provider is the NATS JetStream key-value provider. Create it with New or NewWithNATS.
type Provider struct {
	mu      sync.RWMutex
	log     *slog.Logger
	nc      *nats.Conn // the provider's connection; nil until Init
	lattice string
	stores  actorlinks.Table[*store]
}

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// New returns a provider that takes its NATS connection and lattice from Init, as Run calls it;
// nil logger means slog.Default().
func New(logger *slog.Logger) *Provider {
	if logger == nil {
		logger = slog.Default()
	}
	return &Provider{log: logger}
}

// NewWithNATS returns a provider that keeps its buckets on nc, for lattice, without Init (which
// then changes only the logger). The caller owns nc.
func NewWithNATS(logger *slog.Logger, nc *nats.Conn, lattice string) *Provider {
	p := New(logger)
	p.nc, p.lattice = nc, lattice
	return p
}

// Init takes the provider's NATS connection, lattice and logger from c, unless NewWithNATS gave
// a connection.
func (p *Provider) Init(_ context.Context, c *provider.Conn) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = c.Logger()
	if p.nc == nil {
		p.nc, p.lattice = c.NATS(), c.HostData().LatticeRPCPrefix
	}
	return nil
}

// Contract returns wasmcloud:keyvalue.
func (p *Provider) Contract() string { return keyvalue.ContractID }

// PutLink binds the actor to its bucket, replacing its previous binding. With a URL value it
// connects to that server (retrying in the background while it is down). The bucket is opened,
// or created, on first use, so a link to a server that is down is accepted and shows in Health.
func (p *Provider) PutLink(_ context.Context, link ctl.LinkDefinition) error {
	p.mu.RLock()
	nc, lattice, logger := p.nc, p.lattice, p.log
	p.mu.RUnlock()
	bucket, ok := linkvalues.Lookup(link.Values, LinkBucket)
	if !ok || bucket == "" {
		bucket = DefaultBucket(lattice)
	}
	if !bucketRe.MatchString(bucket) {
		return fmt.Errorf("keyvalue-nats: link of actor %s: invalid %s value %q: want letters, digits, '-' and '_'", link.ActorID, LinkBucket, bucket)
	}
	url, _ := linkvalues.Lookup(link.Values, LinkURL)
	var own *nats.Conn
	if url != "" {
		var err error
		own, err = nats.Connect(url, nats.Name("trellis keyvalue-nats "+link.ActorID),
			nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1))
		if err != nil {
			return fmt.Errorf("keyvalue-nats: link of actor %s: invalid %s value %q: %w", link.ActorID, LinkURL, url, err)
		}
		nc = own
	} else {
		if nc == nil {
			return fmt.Errorf("keyvalue-nats: link of actor %s: no NATS connection (provider not initialized) and no %s value", link.ActorID, LinkURL)
		}
		url = "lattice connection"
	}
	s, err := newStore(nc, own, url, bucket)
	if err != nil {
		if own != nil {
			own.Close()
		}
		return fmt.Errorf("keyvalue-nats: link of actor %s: %w", link.ActorID, err)
	}
	if old, ok := p.stores.Put(link.ActorID, s); ok {
		old.close()
	}
	logger.Info("keyvalue-nats link", "actor", link.ActorID, "bucket", bucket, "server", url)
	return nil
}

// DeleteLink unbinds the actor, closing the connection of its URL value if it has one.
func (p *Provider) DeleteLink(_ context.Context, link ctl.LinkDefinition) error {
	if s, ok := p.stores.Delete(link.ActorID); ok {
		s.close()
	}
	return nil
}

// Handle runs a KeyValue operation on the bucket of actorID's link.
func (p *Provider) Handle(ctx context.Context, actorID string, _ ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	s, ok := p.stores.Get(actorID)
	if !ok {
		return nil, fmt.Errorf("%s: keyvalue-nats has no link for actor %s", op, actorID)
	}
	return kvstore.Dispatch(ctx, s, op, payload)
}

// Health checks the connection and bucket of every link; the error lists the failures by actor.
func (p *Provider) Health(ctx context.Context) error {
	var errs []error
	for _, e := range p.stores.Sorted() {
		if err := e.Value.health(ctx); err != nil {
			errs = append(errs, fmt.Errorf("actor %s: %w", e.Actor, err))
		}
	}
	return errors.Join(errs...)
}

// Shutdown unbinds every link and closes the connections of URL values. The provider's own
// connection belongs to its caller.
func (p *Provider) Shutdown(context.Context) error {
	for _, s := range p.stores.Drain() {
		s.close()
	}
	return nil
}

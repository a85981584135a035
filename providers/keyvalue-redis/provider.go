package keyvalueredis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/actorlinks"
	"github.com/trellis-lattice/trellis/providers/internal/kvstore"
	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

// DefaultURL is the Redis server of a link without a URL value, unless TRELLIS_REDIS_URL is set.
const DefaultURL = "redis://127.0.0.1:6379"

// URLEnv is the environment variable that overrides DefaultURL.
const URLEnv = "TRELLIS_REDIS_URL"

// LinkURL is the link value that holds a link's Redis URL.
const LinkURL = "URL"

// Provider is the Redis key-value provider. Create it with New.
type Provider struct {
	log     *slog.Logger
	clients actorlinks.Table[*store]
}

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// New returns a provider with no links; nil logger means slog.Default().
func New(logger *slog.Logger) *Provider {
	if logger == nil {
		logger = slog.Default()
	}
	return &Provider{log: logger}
}

// Init makes the provider log to the logger of c.
func (p *Provider) Init(_ context.Context, c *provider.Conn) error {
	p.log = c.Logger()
	return nil
}

// Contract returns wasmcloud:keyvalue.
func (p *Provider) Contract() string { return keyvalue.ContractID }

// defaultURL is DefaultURL or the value of URLEnv.
func defaultURL() string {
	if u := os.Getenv(URLEnv); u != "" {
		return u
	}
	return DefaultURL
}

// PutLink makes a client for the link's Redis URL, replacing (and closing) the actor's previous
// one. It does not connect: a server that is down shows in Health and in each operation.
func (p *Provider) PutLink(_ context.Context, link ctl.LinkDefinition) error {
	raw, ok := linkvalues.Lookup(link.Values, LinkURL)
	if !ok || raw == "" {
		raw = defaultURL()
	}
	opts, err := redis.ParseURL(raw)
	if err != nil {
		return fmt.Errorf("keyvalue-redis: link of actor %s: invalid %s value %q: %w", link.ActorID, LinkURL, raw, err)
	}
	// Maintenance notifications need RESP3 push support that not every server has; disable
	// them so that go-redis does not probe and log on every connection.
	opts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	failFast(opts)
	s := &store{c: redis.NewClient(opts), addr: opts.Addr}
	if old, ok := p.clients.Put(link.ActorID, s); ok {
		_ = old.c.Close()
	}
	p.log.Info("keyvalue-redis link", "actor", link.ActorID, "addr", opts.Addr, "db", opts.DB)
	return nil
}

// failFast shortens the retries of opts that the URL does not set, so that an operation on a
// server that is down fails well within an RPC timeout (go-redis defaults take about 2 s on
// a refused connection): one dial retry, one command retry, a 1 s dial timeout.
func failFast(opts *redis.Options) {
	if opts.DialerRetries == 0 {
		opts.DialerRetries = 1
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 1
	}
	if opts.DialTimeout == 0 {
		opts.DialTimeout = time.Second
	}
}

// DeleteLink closes the actor's client.
func (p *Provider) DeleteLink(_ context.Context, link ctl.LinkDefinition) error {
	if s, ok := p.clients.Delete(link.ActorID); ok {
		return s.c.Close()
	}
	return nil
}

// Handle runs a KeyValue operation on the Redis server of actorID's link.
func (p *Provider) Handle(ctx context.Context, actorID string, _ ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	s, ok := p.clients.Get(actorID)
	if !ok {
		return nil, fmt.Errorf("%s: keyvalue-redis has no link for actor %s", op, actorID)
	}
	return kvstore.Dispatch(ctx, s, op, payload)
}

// Health pings the Redis server of every link; the error lists the failures by actor.
func (p *Provider) Health(ctx context.Context) error {
	var errs []error
	for _, e := range p.clients.Sorted() {
		if err := e.Value.c.Ping(ctx).Err(); err != nil {
			errs = append(errs, fmt.Errorf("actor %s: %w", e.Actor, e.Value.wrap(err)))
		}
	}
	return errors.Join(errs...)
}

// Shutdown closes every client.
func (p *Provider) Shutdown(context.Context) error {
	var errs []error
	for _, s := range p.clients.Drain() {
		errs = append(errs, s.c.Close())
	}
	return errors.Join(errs...)
}

// store is a kvstore.Store on one Redis client.
type store struct {
	c    *redis.Client
	addr string
}

var _ kvstore.Store = (*store)(nil)

// wrap names the server in a Redis error.
func (s *store) wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("redis %s: %w", s.addr, err)
}

func (s *store) Get(ctx context.Context, key string) (string, bool, error) {
	v, err := s.c.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, s.wrap(err)
	}
	return v, true, nil
}

func (s *store) Set(ctx context.Context, key, value string, expires uint32) error {
	var err error
	if expires > 0 {
		err = s.c.Do(ctx, "SET", key, value, "EX", expires).Err()
	} else {
		err = s.c.Set(ctx, key, value, 0).Err()
	}
	return s.wrap(err)
}

func (s *store) del(ctx context.Context, key string) (bool, error) {
	n, err := s.c.Del(ctx, key).Result()
	return n > 0, s.wrap(err)
}

func (s *store) Del(ctx context.Context, key string) (bool, error) { return s.del(ctx, key) }

func (s *store) Contains(ctx context.Context, key string) (bool, error) {
	n, err := s.c.Exists(ctx, key).Result()
	return n > 0, s.wrap(err)
}

func (s *store) Increment(ctx context.Context, key string, by int32) (int32, error) {
	n, err := s.c.IncrBy(ctx, key, int64(by)).Result()
	if err != nil {
		return 0, s.wrap(err)
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, fmt.Errorf("value of %q is %d, out of the i32 range", key, n)
	}
	return int32(n), nil
}

func (s *store) ListAdd(ctx context.Context, list, value string) (uint32, error) {
	n, err := s.c.RPush(ctx, list, value).Result()
	return uint32(n), s.wrap(err)
}

func (s *store) ListDel(ctx context.Context, list, value string) (bool, error) {
	n, err := s.c.LRem(ctx, list, 1, value).Result()
	return n > 0, s.wrap(err)
}

func (s *store) ListClear(ctx context.Context, list string) (bool, error) { return s.del(ctx, list) }

func (s *store) ListRange(ctx context.Context, list string, start, stop int32) ([]string, error) {
	vs, err := s.c.LRange(ctx, list, int64(start), int64(stop)).Result()
	return vs, s.wrap(err)
}

func (s *store) SetAdd(ctx context.Context, set, value string) (uint32, error) {
	n, err := s.c.SAdd(ctx, set, value).Result()
	return uint32(n), s.wrap(err)
}

func (s *store) SetDel(ctx context.Context, set, value string) (uint32, error) {
	n, err := s.c.SRem(ctx, set, value).Result()
	return uint32(n), s.wrap(err)
}

func (s *store) SetQuery(ctx context.Context, set string) ([]string, error) {
	vs, err := s.c.SMembers(ctx, set).Result()
	return vs, s.wrap(err)
}

func (s *store) SetUnion(ctx context.Context, sets []string) ([]string, error) {
	vs, err := s.c.SUnion(ctx, sets...).Result()
	return vs, s.wrap(err)
}

func (s *store) SetIntersection(ctx context.Context, sets []string) ([]string, error) {
	vs, err := s.c.SInter(ctx, sets...).Result()
	return vs, s.wrap(err)
}

func (s *store) SetClear(ctx context.Context, set string) (bool, error) { return s.del(ctx, set) }

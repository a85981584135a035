package keyvalueredis

import (
	"context"
	"fmt"
	"github.com/trellis-lattice/trellis/providers/internal/actorlinks"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/providers/internal/kvstore/kvtest"
)

const actorPK = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"

// redisURL is the Redis server the tests use.
func redisURL() string { return defaultURL() }

// requireRedis skips the test when Redis is unreachable, or fails it when
// TRELLIS_REQUIRE_SERVICES=1.
func requireRedis(t *testing.T) {
	t.Helper()
	p := New(nil)
	defer p.Shutdown(context.Background())
	if err := p.PutLink(t.Context(), link(redisURL())); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	if err := p.Health(ctx); err != nil {
		if os.Getenv("TRELLIS_REQUIRE_SERVICES") == "1" {
			t.Fatalf("Redis at %s is required (TRELLIS_REQUIRE_SERVICES=1) but unreachable: %v", redisURL(), err)
		}
		t.Skipf("Redis at %s (%s or the default) is unreachable: %v", redisURL(), URLEnv, err)
	}
}

func link(url string) ctl.LinkDefinition {
	ld := ctl.LinkDefinition{ActorID: actorPK, ProviderID: "VPROVIDER", LinkName: "default", ContractID: keyvalue.ContractID}
	if url != "" {
		ld.Values = map[string]string{"URL": url}
	}
	return ld
}

var seq atomic.Int64

// prefix returns a key prefix unique to the test and run.
func prefix(t *testing.T) string {
	return fmt.Sprintf("trellis-test:%s:%d:%d:", t.Name(), os.Getpid(), seq.Add(1))
}

// linked returns a provider with the test Redis linked to actorPK, and its Handle for actorPK.
func linked(t *testing.T) (*Provider, kvtest.Handler) {
	t.Helper()
	requireRedis(t)
	p := New(nil)
	ld := link(redisURL())
	if err := p.PutLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	// Registered first, so it runs after kvtest's key clean-up.
	t.Cleanup(func() {
		if err := p.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return p, func(ctx context.Context, op string, payload []byte) ([]byte, error) {
		return p.Handle(ctx, actorPK, ld, op, payload)
	}
}

func TestOperations(t *testing.T) {
	_, h := linked(t)
	kvtest.Run(t, h, prefix(t))
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	_, h := linked(t)
	kvtest.Expiry(t, h, prefix(t))
}

func TestConcurrentIncrement(t *testing.T) {
	_, h := linked(t)
	kvtest.Hammer(t, h, prefix(t))
}

func TestIncrementOutOfI32Range(t *testing.T) {
	_, h := linked(t)
	key := prefix(t) + "big"
	t.Cleanup(func() { _, _ = h(context.Background(), keyvalue.OpDel, codec.EncodeString(key)) })
	if _, err := h(t.Context(), keyvalue.OpSet, (&keyvalue.SetRequest{Key: key, Value: "2147483647"}).AppendMsg(nil)); err != nil {
		t.Fatal(err)
	}
	_, err := h(t.Context(), keyvalue.OpIncrement, (&keyvalue.IncrementRequest{Key: key, Value: 1}).AppendMsg(nil))
	if err == nil || !strings.Contains(err.Error(), "out of the i32 range") {
		t.Fatalf("got %v, want an i32 range error", err)
	}
}

// closedPort returns a local TCP address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestBackendDown(t *testing.T) {
	addr := closedPort(t)
	p := New(nil)
	defer p.Shutdown(context.Background())
	ld := link("redis://" + addr)
	if err := p.PutLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	_, err := p.Handle(t.Context(), actorPK, ld, keyvalue.OpGet, codec.EncodeString("k"))
	want := "KeyValue.Get: redis " + addr + ": "
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("Get with Redis down: %v, want %q… connection refused", err, want)
	}
	herr := p.Health(t.Context())
	if herr == nil || !strings.Contains(herr.Error(), "actor "+actorPK+": redis "+addr) || !strings.Contains(herr.Error(), "connection refused") {
		t.Fatalf("Health with Redis down: %v", herr)
	}

	// The server comes back on the same address: health and operations recover.
	requireRedis(t)
	if err := p.PutLink(t.Context(), link(redisURL())); err != nil {
		t.Fatal(err)
	}
	if err := p.Health(t.Context()); err != nil {
		t.Fatalf("Health after re-link to a live server: %v", err)
	}
}

func TestLinks(t *testing.T) {
	p := New(nil)
	defer p.Shutdown(context.Background())
	err := p.PutLink(t.Context(), link("http://nope"))
	if err == nil || !strings.Contains(err.Error(), `actor `+actorPK+`: invalid URL value "http://nope"`) {
		t.Fatalf("PutLink with a bad URL: %v", err)
	}
	if err := p.Health(t.Context()); err != nil {
		t.Fatalf("Health without links: %v", err)
	}
	_, err = p.Handle(t.Context(), actorPK, link(""), keyvalue.OpGet, codec.EncodeString("k"))
	if err == nil || !strings.Contains(err.Error(), "no link for actor "+actorPK) {
		t.Fatalf("Handle without a link: %v", err)
	}

	t.Setenv(URLEnv, "redis://127.0.0.1:1/3")
	if err := p.PutLink(t.Context(), link("")); err != nil {
		t.Fatal(err)
	}
	if s := mustGet(t, &p.clients, actorPK); s.addr != "127.0.0.1:1" || s.c.Options().DB != 3 {
		t.Fatalf("default URL from %s: addr %s db %d", URLEnv, s.addr, s.c.Options().DB)
	}
	if err := p.PutLink(t.Context(), ctl.LinkDefinition{ActorID: actorPK, Values: map[string]string{"url": "redis://127.0.0.1:2"}}); err != nil {
		t.Fatal(err)
	}
	if s := mustGet(t, &p.clients, actorPK); s.addr != "127.0.0.1:2" {
		t.Fatalf("lower-case url value: addr %s", s.addr)
	}
	if err := p.DeleteLink(t.Context(), link("")); err != nil {
		t.Fatal(err)
	}
	if n := len(p.clients.Sorted()); n != 0 {
		t.Fatalf("clients after DeleteLink: %d", n)
	}
}

// mustGet returns actor's link state or fails the test.
func mustGet[T any](t *testing.T, tab *actorlinks.Table[T], actor string) T {
	t.Helper()
	v, ok := tab.Get(actor)
	if !ok {
		t.Fatalf("no link state for actor %s", actor)
	}
	return v
}

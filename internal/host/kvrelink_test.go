package host

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	kvnats "github.com/trellis-lattice/trellis/providers/keyvalue-nats"
	kvredis "github.com/trellis-lattice/trellis/providers/keyvalue-redis"
)

// needRedis skips the test when Redis is unreachable, unless TRELLIS_REQUIRE_SERVICES=1.
func needRedis(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("TRELLIS_REDIS_ADDR")
	if addr == "" {
		addr = "127.0.0.1:6379"
	}
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		if os.Getenv("TRELLIS_REQUIRE_SERVICES") == "1" {
			t.Fatalf("Redis at %s is required (TRELLIS_REQUIRE_SERVICES=1): %v", addr, err)
		}
		t.Skipf("Redis at %s unreachable (%v); set TRELLIS_REDIS_ADDR or start redis-server", addr, err)
	}
	_ = conn.Close()
	return "redis://" + addr
}

// TestKVCounterRelinkedFromRedisToNATS counts in Redis through keyvalue-redis, then re-links the
// running kvcounter to keyvalue-nats: the counter continues in the new store and the actor is
// never restarted.
func TestKVCounterRelinkedFromRedisToNATS(t *testing.T) {
	redisURL := needRedis(t)
	builtins := map[string]Builtin{
		"keyvalue-redis": {Name: "keyvalue-redis", Contract: keyvalue.ContractID, New: func(l *slog.Logger) provider.Provider { return kvredis.New(l) }},
		"keyvalue-nats":  {Name: "keyvalue-nats", Contract: keyvalue.ContractID, New: func(l *slog.Logger) provider.Provider { return kvnats.New(l) }},
	}
	l := newTestLattice(t)
	h := l.host(nil, func(c *Config) { c.Builtins = builtins })
	c := l.client()
	if err := h.StartActor(t.Context(), actorRefs["kvcounter"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	code := h.actors.get(actorKeys["kvcounter"]).current.Load()
	for _, name := range []string{"keyvalue-redis", "keyvalue-nats"} {
		if _, err := c.StartProvider(t.Context(), h.ID(), ctl.StartProviderCommand{ProviderRef: name}); err != nil {
			t.Fatal(err)
		}
	}
	redisKey, _ := builtinKey("keyvalue-redis")
	natsKey, _ := builtinKey("keyvalue-nats")
	path := fmt.Sprintf("/relink-%d", time.Now().UnixNano())
	count := func() string {
		out, err := h.Call(t.Context(), actorKeys["kvcounter"], httpserver.OpHandleRequest, httpReq(path))
		if err != nil {
			t.Fatal(err)
		}
		r := decodeHTTP(t, out)
		return fmt.Sprintf("%d %s", r.StatusCode, r.Body)
	}
	link := func(provider string, values map[string]string) {
		t.Helper()
		_, err := c.PutLink(t.Context(), ctl.PutLinkCommand{LinkDefinition: ctl.LinkDefinition{ActorID: actorKeys["kvcounter"],
			ProviderID: provider, ContractID: keyvalue.ContractID, LinkName: "default", Values: values}})
		if err != nil {
			t.Fatal(err)
		}
	}
	link(redisKey.PublicKey(), map[string]string{"URL": redisURL})
	eventually(t, "counting in Redis", func() bool { return count() == `200 {"counter":1}` })
	if got := count(); got != `200 {"counter":2}` {
		t.Fatalf("second count in Redis = %s", got)
	}

	link(natsKey.PublicKey(), map[string]string{"bucket": "TRELLIS_KV_" + l.name})
	eventually(t, "counting in NATS KV after the re-link", func() bool { return count() == `200 {"counter":1}` })
	if got := count(); got != `200 {"counter":2}` {
		t.Fatalf("second count in NATS KV = %s", got)
	}
	if h.actors.get(actorKeys["kvcounter"]).current.Load() != code {
		t.Fatal("kvcounter was restarted; a re-link must not touch the actor")
	}
}

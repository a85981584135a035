package host

import (
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

// TestBadInvocationsAreRejected sends forged and malformed invocations straight to an actor's
// subject: each gets an error response naming the problem, and the host keeps serving.
func TestBadInvocationsAreRejected(t *testing.T) {
	l := newTestLattice(t)
	h := l.host(nil, func(c *Config) { c.ActorLimits = wasmrt.Limits{MaxPayload: 64 << 10} })
	if err := h.StartActor(t.Context(), actorRefs["echo"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	echo := actorKeys["echo"]
	subject := lattice.ActorSubject(l.name, echo)
	hostKey, _ := claims.NewKeyPair(claims.PrefixHost)
	signer := func(cluster *claims.KeyPair, now func() time.Time) *lattice.Signer {
		s, err := lattice.NewSigner(lattice.SignerConfig{Cluster: cluster, HostID: hostKey.PublicKey(), TTL: time.Minute, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	stranger, _ := claims.NewKeyPair(claims.PrefixCluster)
	good := signer(l.cluster, nil)
	sign := func(s *lattice.Signer, origin, target lattice.Entity, msg []byte) []byte {
		inv, err := s.NewInvocation(origin, target, httpserver.OpHandleRequest, msg)
		if err != nil {
			t.Fatal(err)
		}
		return inv.MarshalMsgpack()
	}
	caller := lattice.ActorEntity("MCALLERAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	self := lattice.ActorEntity(echo)
	tampered := func() []byte {
		inv, _ := good.NewInvocation(caller, self, httpserver.OpHandleRequest, httpReq("/a"))
		inv.Msg = httpReq("/b")
		return inv.MarshalMsgpack()
	}
	tests := []struct {
		name, want string
		body       []byte
	}{
		{"garbage", "malformed invocation", []byte("not msgpack at all")},
		{"untrusted cluster key", "untrusted cluster key", sign(signer(stranger, nil), caller, self, httpReq("/"))},
		{"expired token", "expired", sign(signer(l.cluster, func() time.Time { return time.Now().Add(-time.Hour) }), caller, self, httpReq("/"))},
		{"addressed to another actor", "another target", sign(good, caller, lattice.ActorEntity(actorKeys["ponger"]), httpReq("/"))},
		{"tampered payload", "hash mismatch", tampered()},
		{"oversized payload", "too large", sign(good, caller, self, make([]byte, 65<<10))},
		{"provider without the claim", "does not have the required capability claim wasmcloud:keyvalue",
			sign(good, lattice.ProviderEntity("VAHNM37G4ARHZ3CYHB3L34M6TYQWQR6IZ4QVYC4NYZWTJCJ2LWP7S6Z2", "wasmcloud:keyvalue", "default"), self, httpReq("/"))},
	}
	nc := l.conn()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := nc.Request(subject, tt.body, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			var resp lattice.InvocationResponse
			if err := resp.UnmarshalMsgpack(msg.Data); err != nil {
				t.Fatalf("undecodable response: %v", err)
			}
			if resp.Error == nil || !strings.Contains(*resp.Error, tt.want) {
				t.Fatalf("response error %v, want it to contain %q", resp.Error, tt.want)
			}
		})
	}
	// Still serving, and an unknown actor gets a clear error.
	out, err := h.Call(t.Context(), echo, httpserver.OpHandleRequest, httpReq("/still"))
	if err != nil || decodeHTTP(t, out).StatusCode != 200 {
		t.Fatalf("after bad input: %v", err)
	}
	caller2 := l.host(nil)
	if _, err := caller2.Call(t.Context(), "MUNKNOWNAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "X.Y", nil); err == nil || !strings.Contains(err.Error(), "no host is running actor") {
		t.Fatalf("unknown actor: err = %v", err)
	}
}

package host

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
)

// memKV is a tiny in-memory keyvalue provider used to exercise the host's provider path; the
// real stores are tested in providers/keyvalue-*.
type memKV struct {
	mu     sync.Mutex
	counts map[string]int32
	links  int
}

func (m *memKV) Contract() string { return keyvalue.ContractID }
func (m *memKV) PutLink(context.Context, ctl.LinkDefinition) error {
	m.mu.Lock()
	m.links++
	m.mu.Unlock()
	return nil
}
func (m *memKV) DeleteLink(context.Context, ctl.LinkDefinition) error { return nil }
func (m *memKV) Health(context.Context) error                         { return nil }
func (m *memKV) Shutdown(context.Context) error                       { return nil }
func (m *memKV) Handle(_ context.Context, _ string, _ ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	if op != keyvalue.OpIncrement {
		return nil, fmt.Errorf("memkv: %s not supported", op)
	}
	var r keyvalue.IncrementRequest
	if err := r.UnmarshalMsg(payload); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts[r.Key] += r.Value
	return codec.EncodeI32(m.counts[r.Key]), nil
}

// TestBuiltinProviderServesLinkedActor launches a built-in provider through the control
// interface, links kvcounter to it, and counts through actor → host → provider.
func TestBuiltinProviderServesLinkedActor(t *testing.T) {
	kv := &memKV{counts: map[string]int32{}}
	builtins := map[string]Builtin{"memkv": {Name: "memkv", Contract: keyvalue.ContractID, Vendor: "test",
		New: func(*slog.Logger) provider.Provider { return kv }}}
	l := newTestLattice(t)
	h := l.host(nil, func(c *Config) { c.Builtins = builtins })
	c := l.client()
	if err := h.StartActor(t.Context(), actorRefs["kvcounter"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StartProvider(t.Context(), h.ID(), ctl.StartProviderCommand{ProviderRef: "memkv"}); err != nil {
		t.Fatal(err)
	}
	key, _ := builtinKey("memkv")
	eventually(t, "the provider in the inventory", func() bool {
		inv, err := c.Inventory(t.Context(), h.ID())
		return err == nil && len(inv.Providers) == 1 && inv.Providers[0].ID == key.PublicKey()
	})
	if _, err := c.StartProvider(t.Context(), h.ID(), ctl.StartProviderCommand{ProviderRef: "memkv"}); err == nil || !strings.Contains(err.Error(), "already running") {
		t.Fatalf("second launch: err = %v", err)
	}
	call := func() *httpserver.Response {
		out, err := h.Call(t.Context(), actorKeys["kvcounter"], httpserver.OpHandleRequest, httpReq("/hits"))
		if err != nil {
			t.Fatal(err)
		}
		return decodeHTTP(t, out)
	}
	if r := call(); r.StatusCode != 500 || !strings.Contains(string(r.Body), "missing link definition for wasmcloud:keyvalue") {
		t.Fatalf("unlinked kvcounter = %d %s", r.StatusCode, r.Body)
	}
	link := ctl.LinkDefinition{ActorID: actorKeys["kvcounter"], ProviderID: key.PublicKey(), ContractID: keyvalue.ContractID, LinkName: "default"}
	if _, err := c.PutLink(t.Context(), ctl.PutLinkCommand{LinkDefinition: link}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "kvcounter to count through the provider", func() bool {
		return call().StatusCode == 200
	})
	if r := call(); string(r.Body) != `{"counter":2}` {
		t.Fatalf("second count = %s", r.Body)
	}
	claims, err := c.Claims(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, cl := range claims {
		found = found || (cl.Subject == key.PublicKey() && cl.ContractID == keyvalue.ContractID && cl.Name == "memkv")
	}
	if !found {
		t.Fatalf("get claims lacks the built-in provider: %+v", claims)
	}
	if _, err := c.StopProvider(t.Context(), h.ID(), ctl.StopProviderCommand{ProviderRef: key.PublicKey()}); err != nil {
		t.Fatal(err)
	}
	if r := call(); r.StatusCode != 500 || !strings.Contains(string(r.Body), "not running") {
		t.Fatalf("after stopping the provider kvcounter = %d %s", r.StatusCode, r.Body)
	}
	if _, err := c.StartProvider(t.Context(), h.ID(), ctl.StartProviderCommand{ProviderRef: "nope"}); err == nil || !strings.Contains(err.Error(), `unknown provider "nope": this host runs the built-in providers [memkv]`) {
		t.Fatalf("unknown provider: err = %v", err)
	}
}

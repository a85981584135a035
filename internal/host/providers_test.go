package host

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/provtest"
	"github.com/trellis-lattice/trellis/provider"
)

// TestBuiltinProviderServesLinkedActor launches a built-in provider through the control
// interface, links kvcounter to it, and counts through actor → host → provider.
func TestBuiltinProviderServesLinkedActor(t *testing.T) {
	kv := provtest.NewMemKV()
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
	if _, err := c.StartProvider(t.Context(), h.ID(), ctl.StartProviderCommand{ProviderRef: "nope"}); err == nil || !strings.Contains(err.Error(), `unknown provider "nope": name a built-in provider (memkv), an OCI reference`) {
		t.Fatalf("unknown provider: err = %v", err)
	}
}

// TestSameBuiltinOnTwoHosts runs one built-in provider (same key and link name) on two hosts:
// each host's health checks reach its own instance, and stopping it on one host leaves the
// other's running (the shutdown request names its host).
func TestSameBuiltinOnTwoHosts(t *testing.T) {
	builtins := map[string]Builtin{"memkv": {Name: "memkv", Contract: keyvalue.ContractID, Vendor: "test",
		New: func(*slog.Logger) provider.Provider { return provtest.NewMemKV() }}}
	l := newTestLattice(t)
	events := l.events(lattice.EventSubject(l.name))
	opts := func(c *Config) {
		c.Builtins = builtins
		c.ProviderHealthInterval = 50 * time.Millisecond
	}
	a, b := l.host(nil, opts), l.host(nil, opts)
	for _, h := range []*Host{a, b} {
		if err := h.StartProvider(t.Context(), "memkv", "default", "", nil, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.StopProvider(t.Context(), "memkv", "default", ""); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // several health checks on b
	if n := events.count(func(ev ctl.Event) bool { return ev.Type == ctl.EventProviderStopped }); n != 1 {
		t.Fatalf("%d provider_stopped events, want 1 (host a's)", n)
	}
	if n := events.count(func(ev ctl.Event) bool {
		return ev.Type == ctl.EventHealthCheckFailed || ev.Type == ctl.EventProviderStartFailed
	}); n != 0 {
		t.Fatalf("host b's provider was disturbed: %d failures", n)
	}
	if len(b.providerList()) != 1 {
		t.Fatal("host b no longer runs the provider")
	}
}

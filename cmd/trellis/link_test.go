package main

import (
	"encoding/json"
	"maps"
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/ctltest"
	"github.com/trellis-lattice/trellis/internal/host"
)

// linkCommand returns the body of the only linkdefs command either host received (one host of
// the queue group answers).
func linkCommand(t *testing.T, hosts ...*ctltest.FakeHost) json.RawMessage {
	t.Helper()
	var bodies []json.RawMessage
	for _, h := range hosts {
		for _, c := range h.Commands() {
			bodies = append(bodies, c.Body)
		}
	}
	if len(bodies) != 1 {
		t.Fatalf("hosts received %d link commands, want 1", len(bodies))
	}
	return bodies[0]
}

func TestLinkPut(t *testing.T) {
	h1, h2 := twoHosts()
	startLattice(t, h1, h2)
	r := trellis(t, "link", "put", "counter", "redis kv", "wasmcloud:keyvalue", "URL=redis://127.0.0.1:6379", "db=0", "--link-name", "cache").mustSucceed(t)
	want := "Linked Counter (" + ctltest.Counter + ") to Redis KV (" + ctltest.KeyValue + ") for wasmcloud:keyvalue (link name cache)\n"
	if r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
	var put ctl.PutLinkCommand
	if err := json.Unmarshal(linkCommand(t, h1, h2), &put); err != nil {
		t.Fatal(err)
	}
	if put.ActorID != ctltest.Counter || put.ProviderID != ctltest.KeyValue || put.ContractID != "wasmcloud:keyvalue" ||
		put.LinkName != "cache" || !maps.Equal(put.Values, map[string]string{"URL": "redis://127.0.0.1:6379", "db": "0"}) {
		t.Errorf("host received %+v", put)
	}
	// A built-in provider's name resolves to its fixed key, whether or not a host runs it.
	trellis(t, "link", "put", "acme/echo", "keyvalue-nats", "wasmcloud:keyvalue").mustSucceed(t)
	key, _ := host.BuiltinKey("keyvalue-nats")
	found := false
	for _, h := range []*ctltest.FakeHost{h1, h2} {
		for _, c := range h.Commands() {
			found = found || (json.Unmarshal(c.Body, &put) == nil && put.ProviderID == key)
		}
	}
	if !found {
		t.Errorf("no link to the built-in provider's key %s", key)
	}
	trellis(t, "link", "put", "echo", "HTTP Server", "wasmcloud:httpserver").mustFail(t, `actor "echo" is ambiguous`)
	trellis(t, "link", "put", "acme/echo", "nothing", "wasmcloud:httpserver").mustFail(t, `no provider matches "nothing"`)
	trellis(t, "link", "put", "acme/echo", "VB46", "wasmcloud:httpserver", "port").mustFail(t, `value "port": want KEY=VALUE`)
	trellis(t, "link", "put", "acme/echo", "VB46").mustFail(t, "trellis link put takes an actor, a provider, a contract and optional KEY=VALUE pairs, got 2 arguments")
}

func TestLinkDel(t *testing.T) {
	h1, h2 := twoHosts()
	startLattice(t, h1, h2)
	r := trellis(t, "link", "del", ctltest.Echo, "wasmcloud:httpserver", "-o", "json").mustSucceed(t)
	var res ackResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || !res.Accepted || res.CorrelationID == "" {
		t.Errorf("result %s (%v)", r.stdout, err)
	}
	var del ctl.DeleteLinkCommand
	if err := json.Unmarshal(linkCommand(t, h1, h2), &del); err != nil {
		t.Fatal(err)
	}
	if del.ActorID != ctltest.Echo || del.ContractID != "wasmcloud:httpserver" || del.LinkName != "default" || del.CorrelationID != res.CorrelationID {
		t.Errorf("host received %+v", del)
	}
}

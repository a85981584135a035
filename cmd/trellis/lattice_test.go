package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/ctltest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// startLattice isolates the keys directory, starts a NATS server with the given fake hosts and
// points the lattice commands at it through the environment.
func startLattice(t *testing.T, hosts ...*ctltest.FakeHost) *server.Server {
	t.Helper()
	isolate(t)
	s := ctltest.StartServer(t)
	for _, h := range hosts {
		h.Start(t, ctltest.Connect(t, s))
	}
	t.Setenv(envNATSURL, s.ClientURL())
	t.Setenv(envLattice, ctl.DefaultLattice)
	return s
}

var (
	echoClaims    = ctl.Claims{Subject: ctltest.Echo, Name: "Echo", CallAlias: "acme/echo", Issuer: ctltest.Account, Caps: "wasmcloud:httpserver", Revision: "3"}
	counterClaims = ctl.Claims{Subject: ctltest.Counter, Name: "Counter", Issuer: ctltest.Account, Caps: "wasmcloud:httpserver,wasmcloud:keyvalue", Revision: "1"}
	pingerClaims  = ctl.Claims{Subject: ctltest.Pinger, Name: "Echo", CallAlias: "pinger", Issuer: ctltest.Account, Revision: "1"}
	httpClaims    = ctl.Claims{Subject: ctltest.HTTP, Name: "HTTP Server", Issuer: ctltest.Account, ContractID: "wasmcloud:httpserver", Revision: "2"}
	kvClaims      = ctl.Claims{Subject: ctltest.KeyValue, Name: "Redis KV", Issuer: ctltest.Account, ContractID: "wasmcloud:keyvalue", Revision: "1"}
	httpLink      = ctl.LinkDefinition{ActorID: ctltest.Echo, ProviderID: ctltest.HTTP, LinkName: "default", ContractID: "wasmcloud:httpserver", Values: map[string]string{"port": "8080", "address": "0.0.0.0"}}
	kvLink        = ctl.LinkDefinition{ActorID: ctltest.Counter, ProviderID: ctltest.KeyValue, LinkName: "cache", ContractID: "wasmcloud:keyvalue"}
)

// twoHosts returns the standard fixture: quiet-river-12 (zone=eu) runs two Echo instances and
// the HTTP server; bold-lake-7 (zone=us) runs one Echo and one Counter.
func twoHosts() (*ctltest.FakeHost, *ctltest.FakeHost) {
	claims := []ctl.Claims{echoClaims, counterClaims, pingerClaims, httpClaims, kvClaims}
	links := []ctl.LinkDefinition{httpLink, kvLink}
	inst := func(n int) []ctl.ActorInstance {
		var is []ctl.ActorInstance
		for i := range n {
			is = append(is, ctl.ActorInstance{InstanceID: "instance-" + string(rune('a'+i)), Revision: 3})
		}
		return is
	}
	h1 := &ctltest.FakeHost{ID: ctltest.Host1, FriendlyName: "quiet-river-12", Labels: map[string]string{"zone": "eu", "hostcore.os": "linux"},
		Actors:    []ctl.ActorDescription{{ID: ctltest.Echo, Name: "Echo", ImageRef: "ghcr.io/acme/echo:0.1.0", Instances: inst(2)}},
		Providers: []ctl.ProviderDescription{{ID: ctltest.HTTP, Name: "HTTP Server", ContractID: "wasmcloud:httpserver", LinkName: "default", ImageRef: "ghcr.io/acme/httpserver:0.2.0"}},
		Claims:    claims, Links: links}
	h2 := &ctltest.FakeHost{ID: ctltest.Host2, FriendlyName: "bold-lake-7", Labels: map[string]string{"zone": "us", "hostcore.os": "linux"},
		Actors: []ctl.ActorDescription{{ID: ctltest.Echo, Name: "Echo", ImageRef: "ghcr.io/acme/echo:0.1.0", Instances: inst(1)},
			{ID: ctltest.Counter, Name: "Counter", ImageRef: "file:///work/counter_s.wasm", Instances: inst(1)}},
		Claims: claims, Links: links}
	return h1, h2
}

// golden compares got with testdata/golden/name (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// commandsOf returns the operations a fake host received, in order.
func commandsOf(h *ctltest.FakeHost) []string {
	var ops []string
	for _, c := range h.Commands() {
		ops = append(ops, c.Op)
	}
	return ops
}

// syncBuffer is a bytes.Buffer safe to write and read from different goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestMatch(t *testing.T) {
	known := []entity{
		{key: ctltest.Echo, name: "Echo", alias: "acme/echo"},
		{key: ctltest.Counter, name: "Counter"},
		{key: ctltest.Pinger, name: "Echo", alias: "pinger"},
		{key: ctltest.Echo}, // the same actor seen in an inventory without a name
	}
	tests := []struct {
		arg, want, err string
	}{
		{ctltest.Counter, ctltest.Counter, ""},
		{"counter", ctltest.Counter, ""},
		{"acme/echo", ctltest.Echo, ""},
		{"PINGER", ctltest.Pinger, ""},
		{"md3w", ctltest.Echo, ""},
		{"MDIW", ctltest.Counter, ""},
		{"Echo", "", `actor "Echo" is ambiguous: it matches Echo (` + ctltest.Pinger + `), Echo (` + ctltest.Echo + `); give more of the public key`},
		{"MD", "", `actor "MD" is ambiguous: it matches Echo (` + ctltest.Echo + `), Counter (` + ctltest.Counter + `)`},
		{"nope", "", `no actor matches "nope" (see 'trellis get claims')`},
	}
	for _, tt := range tests {
		got, err := match(tt.arg, "actor", "trellis get claims", known)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("match(%q) = %v, %v; want error %q", tt.arg, got, err, tt.err)
			}
			continue
		}
		if err != nil || got.key != tt.want {
			t.Errorf("match(%q) = %v, %v; want %s", tt.arg, got, err, tt.want)
		}
	}
}

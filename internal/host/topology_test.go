package host

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/natsd"
)

// topoLattice returns a lattice with a unique name and cluster key on srv; use on to reach the
// same lattice through another server.
func topoLattice(t *testing.T, srv *natsd.Server) *testLattice {
	t.Helper()
	cluster, err := claims.NewKeyPair(claims.PrefixCluster)
	if err != nil {
		t.Fatal(err)
	}
	return &testLattice{t: t, srv: srv, cluster: cluster, name: fmt.Sprintf("topo%d_%d", time.Now().UnixNano()%1e6, latticeSeq.Add(1))}
}

// on is the same lattice (name, cluster key) reached through srv.
func (l *testLattice) on(srv *natsd.Server) *testLattice {
	return &testLattice{t: l.t, srv: srv, name: l.name, cluster: l.cluster}
}

// startTopoServer starts a server and shuts it down at cleanup (register it before any host).
func startTopoServer(t *testing.T, cfg natsd.Config) *natsd.Server {
	t.Helper()
	s, err := natsd.Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// freePort returns a port the kernel reports free on the loopback interface.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitJetStream polls until JetStream answers account info requests through srv's client port
// (in a cluster that needs an elected meta leader).
func waitJetStream(t *testing.T, srv *natsd.Server) {
	t.Helper()
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	var lastErr error
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		_, lastErr = js.AccountInfo(ctx)
		cancel()
		if lastErr == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("JetStream not available through %s: %v", srv.ClientURL(), lastErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// callEcho calls echo from h and checks the HTTP 200 reply echoing path.
func callEcho(ctx context.Context, h *Host, path string) error {
	out, err := h.Call(ctx, actorKeys["echo"], httpserver.OpHandleRequest, httpReq(path))
	if err != nil {
		return err
	}
	var r httpserver.Response
	if err := r.UnmarshalMsg(out); err != nil {
		return fmt.Errorf("decode http response: %w", err)
	}
	if r.StatusCode != 200 || !strings.Contains(string(r.Body), `"`+path+`"`) {
		return fmt.Errorf("echo replied %d %s", r.StatusCode, r.Body)
	}
	return nil
}

// eventuallyCall retries call until it succeeds, failing with the last error at the deadline.
func eventuallyCall(t *testing.T, what string, call func(context.Context) error) {
	t.Helper()
	var lastErr error
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		lastErr = call(ctx)
		cancel()
		if lastErr == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, lastErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestHostsOnClusteredServers runs ponger and pinger on hosts attached to different nodes of a
// three-node JetStream cluster: the alias call crosses the routes.
func TestHostsOnClusteredServers(t *testing.T) {
	start := time.Now()
	node := func(name string, routes ...string) *natsd.Server {
		return startTopoServer(t, natsd.Config{
			ServerName: name, Port: natsd.RandomPort, ClusterPort: natsd.RandomPort, Routes: routes,
			ClusterName: "topo", JetStream: true, DataDir: t.TempDir(),
		})
	}
	// nats-server refuses clustered JetStream on a server without routes, so the seed routes to
	// itself on a port the kernel picked (the server ignores the route to itself).
	seedPort := freePort(t)
	n1 := startTopoServer(t, natsd.Config{
		ServerName: "topo-n1", Port: natsd.RandomPort, ClusterPort: seedPort, ClusterName: "topo",
		Routes: []string{"nats-route://127.0.0.1:" + strconv.Itoa(seedPort)}, JetStream: true, DataDir: t.TempDir(),
	})
	n2 := node("topo-n2", n1.ClusterURL())
	n3 := node("topo-n3", n1.ClusterURL(), n2.ClusterURL())
	for _, s := range []*natsd.Server{n1, n2, n3} {
		waitJetStream(t, s)
	}
	t.Logf("cluster with JetStream ready after %s", time.Since(start))

	l := topoLattice(t, n1)
	a := l.host(nil)
	b := l.on(n3).host(nil)
	if err := a.StartActor(t.Context(), actorRefs["ponger"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	if err := b.StartActor(t.Context(), actorRefs["pinger"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	t.Logf("hosts and actors started after %s", time.Since(start))
	eventually(t, "host B to learn the ponger alias", func() bool {
		_, ok := b.store.ResolveAlias("examples/ponger")
		return ok
	})
	eventuallyCall(t, "pinger on node 3 calling ponger on node 1", func(ctx context.Context) error {
		out, err := b.Call(ctx, actorKeys["pinger"], httpserver.OpHandleRequest, httpReq("/"))
		if err != nil {
			return err
		}
		var r httpserver.Response
		if err := r.UnmarshalMsg(out); err != nil {
			return err
		}
		if r.StatusCode != 200 || string(r.Body) != "Ping pong" {
			return fmt.Errorf("pinger = %d %q", r.StatusCode, r.Body)
		}
		return nil
	})
	t.Logf("cross-cluster alias call done after %s", time.Since(start))
}

// TestLeafHostServesHubCalls runs echo on a host behind a JetStream-less leaf server and calls it
// from a host on the hub. The leaf host reaches the hub's JetStream (the lattice metadata) through
// the hub's JetStream domain; nats-server blocks the plain $JS.API over a leaf connection whose
// domains do not match.
func TestLeafHostServesHubCalls(t *testing.T) {
	hub, err := natsd.Start(t.Context(), natsd.Config{ServerName: "topo-hub", Port: natsd.RandomPort, JetStream: true,
		JetStreamDomain: "hub", DataDir: t.TempDir(), LeafPort: natsd.RandomPort})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hub.Shutdown)
	leaf, err := natsd.Start(t.Context(), natsd.Config{ServerName: "topo-leaf", Port: natsd.RandomPort,
		LeafRemotes: []natsd.LeafRemote{{URL: hub.LeafURL()}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(leaf.Shutdown)
	cluster, err := claims.NewKeyPair(claims.PrefixCluster)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("leaf%d", latticeSeq.Add(1))
	start := func(url string) *Host {
		t.Helper()
		nc, err := nats.Connect(url, nats.MaxReconnects(-1))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		var h *Host
		deadline := time.Now().Add(20 * time.Second)
		for { // the leaf connection needs a moment before the hub's JetStream answers through it
			h, err = New(t.Context(), nc, Config{Lattice: name, ClusterKey: cluster, AllowFileLoad: true,
				CacheDir: testDir + "/wasmcache", JetStreamDomain: "hub"})
			if err == nil || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = h.Stop(context.Background()) })
		return h
	}
	edge := start(leaf.ClientURL())
	core := start(hub.ClientURL())
	if err := edge.StartActor(t.Context(), actorRefs["echo"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	out, err := core.Call(t.Context(), actorKeys["echo"], httpserver.OpHandleRequest, httpReq("/from-hub"))
	if err != nil {
		t.Fatal(err)
	}
	if r := decodeHTTP(t, out); r.StatusCode != 200 || !strings.Contains(string(r.Body), "/from-hub") {
		t.Fatalf("echo via leaf = %d %s", r.StatusCode, r.Body)
	}
}

// TestNATSRestartResumes restarts the NATS server on the same port and data dir under a running
// host: calls work again once the clients reconnect, and links survive.
func TestNATSRestartResumes(t *testing.T) {
	dir := t.TempDir()
	cfg := natsd.Config{ServerName: "topo-restart", Port: natsd.RandomPort, JetStream: true, DataDir: dir}
	first, err := natsd.Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	current := first
	// Registered before the hosts, so it runs after they stopped.
	t.Cleanup(func() { current.Shutdown() })
	u, err := url.Parse(first.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port, err = strconv.Atoi(u.Port()); err != nil {
		t.Fatal(err)
	}

	l := topoLattice(t, first)
	h, caller := l.host(nil), l.host(nil)
	if err := h.StartActor(t.Context(), actorRefs["echo"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	if err := callEcho(t.Context(), caller, "/before"); err != nil {
		t.Fatal(err)
	}
	link := ctl.LinkDefinition{ActorID: actorKeys["echo"], ProviderID: "VAHNM37G4ARHZ3CYHB3L34M6TYQWQR6IZ4QVYC4NYZWTJCJ2LWP7S6Z2", ContractID: "wasmcloud:keyvalue", LinkName: "default", Values: map[string]string{"URL": "redis://127.0.0.1:6379"}}
	if _, err := l.client().PutLink(t.Context(), ctl.PutLinkCommand{LinkDefinition: link}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the link in the host's cache", func() bool { _, ok := h.store.Link(link.ActorID, link.ContractID, link.LinkName); return ok })

	down := time.Now()
	first.Shutdown()
	eventually(t, "the host to notice the server is gone", func() bool { return !h.nc.IsConnected() })
	second, err := natsd.Start(t.Context(), cfg)
	if err != nil {
		t.Fatalf("restart on port %d: %v", cfg.Port, err)
	}
	current = second
	l.srv = second
	eventually(t, "the hosts to reconnect", func() bool { return h.nc.IsConnected() && caller.nc.IsConnected() })
	eventuallyCall(t, "call to echo after the restart", func(ctx context.Context) error { return callEcho(ctx, caller, "/after") })
	t.Logf("calls resumed %s after the server went down", time.Since(down))

	for _, who := range []struct {
		name string
		h    *Host
	}{{"running host", h}, {"caller host", caller}, {"host started after the restart", l.host(nil)}} {
		got, ok := who.h.store.Link(link.ActorID, link.ContractID, link.LinkName)
		if !ok || got.Values["URL"] != "redis://127.0.0.1:6379" || got.ProviderID != link.ProviderID {
			t.Errorf("%s sees link %+v, %v", who.name, got, ok)
		}
	}
}

// TestLeafPartitionHeals cuts a leaf site off the hub (its server goes away): calls from the hub
// to the actor that runs only on the leaf fail fast with a clear error while the hub keeps
// serving its own actors; when the leaf comes back on the same port, its host reconnects and the
// calls succeed again. (NATS prefers queue subscribers on the caller's side of a leaf link, so
// the actor runs on one side only to make the crossing certain.)
func TestLeafPartitionHeals(t *testing.T) {
	hub, err := natsd.Start(t.Context(), natsd.Config{ServerName: "part-hub", Port: natsd.RandomPort, JetStream: true,
		JetStreamDomain: "hub", DataDir: t.TempDir(), LeafPort: natsd.RandomPort})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hub.Shutdown)
	leafCfg := natsd.Config{ServerName: "part-leaf", Port: natsd.RandomPort, LeafRemotes: []natsd.LeafRemote{{URL: hub.LeafURL()}}}
	leaf, err := natsd.Start(t.Context(), leafCfg)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(leaf.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	if leafCfg.Port, err = strconv.Atoi(u.Port()); err != nil {
		t.Fatal(err)
	}
	cluster, err := claims.NewKeyPair(claims.PrefixCluster)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("part%d", latticeSeq.Add(1))
	var hosts []*Host
	t.Cleanup(func() {
		for _, h := range hosts {
			_ = h.Stop(context.Background())
		}
	})
	start := func(url string) *Host {
		t.Helper()
		nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		var h *Host
		deadline := time.Now().Add(20 * time.Second)
		for {
			h, err = New(t.Context(), nc, Config{Lattice: name, ClusterKey: cluster, AllowFileLoad: true,
				CacheDir: testDir + "/wasmcache", JetStreamDomain: "hub", RPCTimeout: 500 * time.Millisecond})
			if err == nil || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			t.Fatal(err)
		}
		hosts = append(hosts, h)
		return h
	}
	edge, core, caller := start(leaf.ClientURL()), start(hub.ClientURL()), start(hub.ClientURL())
	if err := edge.StartActor(t.Context(), actorRefs["echo"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	if err := core.StartActor(t.Context(), actorRefs["ponger"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	callEcho := func() error {
		_, err := caller.Call(t.Context(), actorKeys["echo"], httpserver.OpHandleRequest, httpReq("/p"))
		return err
	}
	callPonger := func() error {
		_, err := caller.Call(t.Context(), actorKeys["ponger"], "Pingpong.Ping", nil)
		return err
	}
	eventually(t, "the leaf actor to answer the hub", func() bool { return callEcho() == nil })

	leaf.Shutdown() // partition: the leaf site is gone
	eventually(t, "calls across the partition to fail with a clear error", func() bool {
		err := callEcho()
		return err != nil && strings.Contains(err.Error(), "no host is running actor")
	})
	for i := 0; i < 20; i++ {
		if err := callPonger(); err != nil {
			t.Fatalf("the hub's own actor failed during the partition: %v", err)
		}
	}

	healed, err := natsd.Start(t.Context(), leafCfg) // heal: the leaf comes back on the same port
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(healed.Shutdown)
	start0 := time.Now()
	eventually(t, "calls to reach the leaf host again after healing", func() bool { return callEcho() == nil })
	t.Logf("partition healed: leaf actor reachable again %s after the leaf server restarted", time.Since(start0).Round(time.Millisecond))
}

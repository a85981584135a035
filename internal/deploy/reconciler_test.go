package deploy

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/deploy/plan"
	"github.com/trellis-lattice/trellis/internal/host"
	"github.com/trellis-lattice/trellis/internal/natsd"
	"github.com/trellis-lattice/trellis/provider"
	httpprov "github.com/trellis-lattice/trellis/providers/httpserver"
)

var latticeSeq atomic.Int64

// lattice is an embedded NATS server with JetStream and the hosts and reconcilers of one
// uniquely named lattice.
type lattice struct {
	t       *testing.T
	srv     *natsd.Server
	name    string
	cluster *claims.KeyPair
}

func newLattice(t *testing.T) *lattice {
	t.Helper()
	srv, err := natsd.Start(t.Context(), natsd.Config{Port: natsd.RandomPort, DataDir: t.TempDir(), JetStream: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	cluster, err := claims.NewKeyPair(claims.PrefixCluster)
	if err != nil {
		t.Fatal(err)
	}
	return &lattice{t: t, srv: srv, cluster: cluster, name: fmt.Sprintf("d%d_%d", time.Now().UnixNano()%1e6, latticeSeq.Add(1))}
}

func (l *lattice) conn() *nats.Conn {
	l.t.Helper()
	nc, err := nats.Connect(l.srv.ClientURL(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(nc.Close)
	return nc
}

// testHost is a host with its own connection, which a test may close to kill it.
type testHost struct {
	*host.Host
	nc *nats.Conn
}

func (l *lattice) host(labels map[string]string) *testHost {
	l.t.Helper()
	builtins := map[string]host.Builtin{"httpserver": {Name: "httpserver", Contract: httpserver.ContractID, Vendor: "Trellis",
		New: func(log *slog.Logger) provider.Provider { return httpprov.New(log) }}}
	nc := l.conn()
	h, err := host.New(l.t.Context(), nc, host.Config{Lattice: l.name, ClusterKey: l.cluster, Labels: labels, AllowFileLoad: true,
		CacheDir: testDir + "/cache", Builtins: builtins, HeartbeatInterval: time.Second})
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(func() { _ = h.Stop(context.Background()) })
	return &testHost{Host: h, nc: nc}
}

func (l *lattice) client(nc *nats.Conn) *ctl.Client {
	l.t.Helper()
	c, err := ctl.NewClient(nc, ctl.Options{Lattice: l.name, Timeout: time.Second})
	if err != nil {
		l.t.Fatal(err)
	}
	return c
}

// reconciler starts a reconciler on its own connection; stop cancels it, kill cuts its
// connection (no lease release).
type testReconciler struct {
	*Reconciler
	nc     *nats.Conn
	cancel context.CancelFunc
	done   chan struct{}
}

func (l *lattice) reconciler(id string) *testReconciler {
	l.t.Helper()
	nc := l.conn()
	js, err := jetstream.New(nc)
	if err != nil {
		l.t.Fatal(err)
	}
	r, err := NewReconciler(l.t.Context(), ReconcilerConfig{Client: l.client(nc), JetStream: js, Lattice: l.name, ID: id,
		LeaseTTL: time.Second, LivenessCheck: 250 * time.Millisecond, Resync: 5 * time.Second, StartTimeout: 30 * time.Second,
		Logger: slog.New(slog.NewTextHandler(l.t.Output(), nil)).With("reconciler", id)})
	if err != nil {
		l.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tr := &testReconciler{Reconciler: r, nc: nc, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(tr.done)
		r.Run(ctx)
	}()
	l.t.Cleanup(tr.stop)
	return tr
}

func (r *testReconciler) stop() {
	r.cancel()
	<-r.done
}

func eventually(t *testing.T, what string, within time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			t.Fatalf("timed out after %s waiting for %s", within, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
	return time.Since(start)
}

// managedCounts returns, per host id, the number of echo instances the app manages.
func managedCounts(t *testing.T, c *ctl.Client, app string) map[string]int {
	t.Helper()
	hosts, err := c.Hosts(t.Context())
	if err != nil {
		return nil
	}
	out := map[string]int{}
	for _, h := range hosts {
		inv, err := c.Inventory(t.Context(), h.ID)
		if err != nil {
			return nil
		}
		for _, a := range inv.Actors {
			for _, inst := range a.Instances {
				if inst.Annotations[plan.AnnotationAppSpec] == app {
					out[h.ID]++
				}
			}
		}
	}
	return out
}

func spreadManifest(name, version, image string) string {
	return `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: ` + name + `
  annotations:
    version: ` + version + `
spec:
  components:
    - name: echo
      type: actor
      properties:
        image: ` + image + `
      traits:
        - type: spreadscaler
          properties:
            replicas: 6
            spread:
              - name: a
                requirements: {zone: a}
                weight: 50
              - name: b
                requirements: {zone: b}
                weight: 30
              - name: c
                requirements: {zone: c}
                weight: 20
`
}

func putDeploy(t *testing.T, st *Store, file, source string) {
	t.Helper()
	m, err := st.Put(t.Context(), file, []byte(source))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Deploy(t.Context(), m.Metadata.Name, m.Version()); err != nil {
		t.Fatal(err)
	}
}

func waitStatus(t *testing.T, st *Store, app, version, state string, within time.Duration) *Status {
	t.Helper()
	var last *Status
	eventually(t, fmt.Sprintf("%s %s to be %s (last: %+v)", app, version, state, last), within, func() bool {
		s, err := st.Status(t.Context(), app)
		last = s
		return err == nil && s != nil && s.Version == version && s.State == state
	})
	return last
}

// TestSpreadKillUpdateUndeploy runs the scenario of the deployments issue on four hosts
// (zone a twice, b, c): a 6-replica spread 50/30/20 lands 3/2/1; a zone-a host killed without
// goodbye has its share re-placed on the other zone-a host; version 2 replaces the image by
// live update with no failed call under load; undeploy leaves the lattice as before, including
// an unmanaged echo instance that was there first.
func TestSpreadKillUpdateUndeploy(t *testing.T) {
	l := newLattice(t)
	a1, a2 := l.host(map[string]string{"zone": "a"}), l.host(map[string]string{"zone": "a"})
	b, c := l.host(map[string]string{"zone": "b"}), l.host(map[string]string{"zone": "c"})
	caller := l.host(map[string]string{"zone": "none"})
	r := l.reconciler("r1")
	client := l.client(l.conn())
	// An unmanaged instance the reconciler must leave alone.
	if err := c.StartActor(t.Context(), echoRefs[1], 1, map[string]string{"owner": "someone"}, ""); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	putDeploy(t, r.Store(), "app.yaml", spreadManifest("spread", "v1", echoRefs[1]))
	waitStatus(t, r.Store(), "spread", "v1", StateDeployed, 60*time.Second)
	t.Logf("deploy → 6 instances running on 4 hosts: %s", time.Since(start).Round(time.Millisecond))
	counts := managedCounts(t, client, "spread")
	if got := counts[a1.ID()] + counts[a2.ID()]; got != 3 || counts[b.ID()] != 2 || counts[c.ID()] != 1 {
		t.Fatalf("placement a=%d+%d b=%d c=%d, want a=3 b=2 c=1", counts[a1.ID()], counts[a2.ID()], counts[b.ID()], counts[c.ID()])
	}

	// Kill the zone-a host with the most instances: its share moves to the other one.
	victim, survivor := a1, a2
	if counts[a2.ID()] > counts[a1.ID()] {
		victim, survivor = a2, a1
	}
	killed := time.Now()
	victim.nc.Close()
	took := eventually(t, "the dead host's share re-placed", 15*time.Second, func() bool {
		return managedCounts(t, client, "spread")[survivor.ID()] == 3
	})
	t.Logf("host killed → its share running elsewhere: %s (goal ≤ 5 s)", took.Round(time.Millisecond))
	if took > 5*time.Second {
		t.Errorf("re-placement took %s, want ≤ 5 s", took)
	}
	_ = killed

	// Version 2: live update under load, no failed call.
	var ok, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := (&httpserver.Request{Method: "GET", Path: "/load", Header: httpserver.Header{}}).AppendMsg(nil)
			for {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				_, err := caller.Call(ctx, echoKey, httpserver.OpHandleRequest, req)
				cancel()
				if err != nil {
					failed.Add(1)
				} else {
					ok.Add(1)
				}
			}
		}()
	}
	eventually(t, "load to run", 10*time.Second, func() bool { return ok.Load() > 20 })
	putDeploy(t, r.Store(), "app-v2.yaml", spreadManifest("spread", "v2", echoRefs[2]))
	waitStatus(t, r.Store(), "spread", "v2", StateDeployed, 60*time.Second)
	eventually(t, "every managed instance at revision 2", 30*time.Second, func() bool {
		for _, h := range []*testHost{survivor, b, c} {
			inv, err := client.Inventory(t.Context(), h.ID())
			if err != nil {
				return false
			}
			for _, a := range inv.Actors {
				for _, inst := range a.Instances {
					if inst.Annotations[plan.AnnotationAppSpec] == "spread" && inst.Revision != 2 {
						return false
					}
				}
			}
		}
		return true
	})
	close(stop)
	wg.Wait()
	t.Logf("live update under load: %d calls, %d failed", ok.Load(), failed.Load())
	if failed.Load() != 0 {
		t.Errorf("%d calls failed during the live update", failed.Load())
	}

	// Undeploy: only the unmanaged instance stays.
	if err := r.Store().Undeploy(t.Context(), "spread"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the app's instances gone", 30*time.Second, func() bool {
		counts := managedCounts(t, client, "spread")
		return counts != nil && len(counts) == 0
	})
	inv, err := client.Inventory(t.Context(), c.ID())
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Actors) != 1 || len(inv.Actors[0].Instances) != 1 || inv.Actors[0].Instances[0].Annotations["owner"] != "someone" {
		t.Fatalf("after undeploy host c runs %+v, want only the unmanaged instance", inv.Actors)
	}
}

// TestCapabilityLinkAndUndeploy deploys echo with the httpserver provider and a link, serves
// HTTP through them, then undeploys: the provider stops and the link is deleted.
func TestCapabilityLinkAndUndeploy(t *testing.T) {
	l := newLattice(t)
	h := l.host(map[string]string{"zone": "a"})
	r := l.reconciler("r1")
	client := l.client(l.conn())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	manifest := fmt.Sprintf(`apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: web
  annotations: {version: v1}
spec:
  components:
    - name: echo
      type: actor
      properties: {image: %q}
      traits:
        - type: spreadscaler
          properties: {replicas: 2}
        - type: linkdef
          properties:
            target: http
            values: {PORT: "%d"}
    - name: http
      type: capability
      properties: {image: httpserver, contract: "wasmcloud:httpserver"}
      traits:
        - type: daemonscaler
          properties: {replicas: 1}
`, echoRefs[1], port)
	putDeploy(t, r.Store(), "web.yaml", manifest)
	waitStatus(t, r.Store(), "web", "v1", StateDeployed, 60*time.Second)
	url := fmt.Sprintf("http://127.0.0.1:%d/hello", port)
	eventually(t, "HTTP through the deployed app", 20*time.Second, func() bool {
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == 200 && strings.Contains(string(body), "/hello")
	})
	if err := r.Store().Undeploy(t.Context(), "web"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "provider stopped and link deleted", 30*time.Second, func() bool {
		inv, err := client.Inventory(t.Context(), h.ID())
		if err != nil || len(inv.Providers) != 0 || len(inv.Actors) != 0 {
			return false
		}
		links, err := client.Links(t.Context())
		return err == nil && len(links) == 0
	})
}

// TestReconcilerTakeover runs two reconcilers; the leader's connection is cut (it cannot let go
// of its lease), and the other one takes over and deploys.
func TestReconcilerTakeover(t *testing.T) {
	l := newLattice(t)
	l.host(map[string]string{"zone": "a"})
	r1, r2 := l.reconciler("r1"), l.reconciler("r2")
	eventually(t, "one leader", 10*time.Second, func() bool { return r1.Leading() != r2.Leading() })
	leader, other := r1, r2
	if r2.Leading() {
		leader, other = r2, r1
	}
	leader.nc.Close()
	took := eventually(t, "the other reconciler to take over", 10*time.Second, other.Leading)
	t.Logf("leader cut → takeover: %s (lease TTL 1 s)", took.Round(time.Millisecond))
	putDeploy(t, other.Store(), "app.yaml", `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: {name: solo, annotations: {version: v1}}
spec:
  components:
    - name: echo
      type: actor
      properties: {image: "`+echoRefs[1]+`"}
      traits: [{type: spreadscaler, properties: {replicas: 1}}]
`)
	waitStatus(t, other.Store(), "solo", "v1", StateDeployed, 60*time.Second)
	if leader.Leading() {
		t.Error("the cut-off reconciler still thinks it leads")
	}
}

// TestNoEligibleHost deploys a spread nobody can satisfy: the status says why and nothing runs.
func TestNoEligibleHost(t *testing.T) {
	l := newLattice(t)
	l.host(map[string]string{"zone": "a"})
	r := l.reconciler("r1")
	putDeploy(t, r.Store(), "app.yaml", `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: {name: nowhere, annotations: {version: v1}}
spec:
  components:
    - name: echo
      type: actor
      properties: {image: "`+echoRefs[1]+`"}
      traits:
        - type: spreadscaler
          properties:
            replicas: 2
            spread: [{name: mars, requirements: {zone: mars}}]
`)
	st := waitStatus(t, r.Store(), "nowhere", "v1", StateFailed, 30*time.Second)
	if len(st.Components) != 1 || !strings.Contains(st.Components[0].Message, "zone=mars") {
		t.Fatalf("status %+v does not say which labels are missing", st)
	}
}

// TestHundredAppsStayStill deploys 100 applications (one echo instance each, spread over three
// hosts), waits until all are Deployed, then watches an idle period: the reconciler must send no
// command and write no status (it only pings hosts). It reports the time to deploy them and
// what a steady pass costs.
func TestHundredAppsStayStill(t *testing.T) {
	if testing.Short() {
		t.Skip("deploys 100 applications")
	}
	l := newLattice(t)
	for _, z := range []string{"a", "b", "c"} {
		l.host(map[string]string{"zone": z})
	}
	r := l.reconciler("r1")
	start := time.Now()
	for i := range 100 {
		putDeploy(t, r.Store(), "app.yaml", fmt.Sprintf(`apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: {name: app%03d, annotations: {version: v1}}
spec:
  components:
    - name: echo
      type: actor
      properties: {image: "%s"}
      traits: [{type: spreadscaler, properties: {replicas: 1}}]
`, i, echoRefs[1]))
	}
	eventually(t, "100 apps deployed", 120*time.Second, func() bool {
		apps, err := r.Store().List(t.Context())
		if err != nil || len(apps) != 100 {
			return false
		}
		for _, a := range apps {
			st, err := r.Store().Status(t.Context(), a.Name)
			if err != nil || st == nil || st.State != StateDeployed {
				return false
			}
		}
		return true
	})
	t.Logf("100 apps stored and deployed on 3 hosts in %s", time.Since(start).Round(time.Millisecond))
	time.Sleep(time.Second) // let the last events settle
	before := r.Stats()
	watch, err := r.Store().KV().Watch(t.Context(), "status.>", jetstream.UpdatesOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = watch.Stop() }()
	var writes atomic.Int64
	go func() {
		for e := range watch.Updates() {
			if e != nil {
				writes.Add(1)
			}
		}
	}()
	time.Sleep(6 * time.Second) // longer than the test reconciler's 5 s resync
	after := r.Stats()
	t.Logf("idle 6 s: %d passes, %d commands, %d status writes", after.Passes-before.Passes, after.Commands-before.Commands, writes.Load())
	if after.Commands != before.Commands || writes.Load() != 0 {
		t.Errorf("a steady lattice got %d commands and %d status writes", after.Commands-before.Commands, writes.Load())
	}
	passStart := time.Now()
	if _, err := r.pass(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Logf("one steady pass over 100 apps: %s", time.Since(passStart).Round(time.Microsecond))
}

// TestPendingOnGoneHostEnds checks that a command awaiting its outcome from a host that no
// longer answers is given up at the next liveness check rather than after StartTimeout.
func TestPendingOnGoneHostEnds(t *testing.T) {
	l := newLattice(t)
	live := l.host(map[string]string{"zone": "a"})
	nc := l.conn()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReconciler(t.Context(), ReconcilerConfig{Client: l.client(nc), JetStream: js, Lattice: l.name, ID: "r"})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := claims.NewKeyPair(claims.PrefixHost)
	if err != nil {
		t.Fatal(err)
	}
	r.track("on-gone", "app", "echo", gone.PublicKey(), "StartActor")
	r.track("on-live", "app", "echo", live.ID(), "StartActor")
	r.hostsChanged(t.Context())
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.pending["on-gone"].done {
		t.Error("the command on a host that is gone is still pending")
	}
	if r.pending["on-live"].done {
		t.Error("the command on a live host was given up")
	}
}

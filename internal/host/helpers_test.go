package host

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/natsd"
)

var latticeSeq atomic.Int64

// testLattice is one embedded NATS server and the hosts of a lattice with a unique name.
type testLattice struct {
	t       testing.TB
	srv     *natsd.Server
	name    string
	cluster *claims.KeyPair
}

func newTestLattice(t testing.TB) *testLattice {
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
	return &testLattice{t: t, srv: srv, cluster: cluster, name: fmt.Sprintf("t%d_%d", time.Now().UnixNano()%1e6, latticeSeq.Add(1))}
}

func (l *testLattice) conn() *nats.Conn {
	l.t.Helper()
	nc, err := nats.Connect(l.srv.ClientURL(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(nc.Close)
	return nc
}

// host starts a host on its own connection; it is stopped at cleanup unless the test kills it.
func (l *testLattice) host(labels map[string]string, edit ...func(*Config)) *Host {
	l.t.Helper()
	cfg := Config{Lattice: l.name, ClusterKey: l.cluster, Labels: labels, AllowFileLoad: true, CacheDir: testDir + "/wasmcache"}
	for _, e := range edit {
		e(&cfg)
	}
	h, err := New(l.t.Context(), l.conn(), cfg)
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(func() { _ = h.Stop(context.Background()) })
	return h
}

func (l *testLattice) client() *ctl.Client {
	l.t.Helper()
	c, err := ctl.NewClient(l.conn(), ctl.Options{Lattice: l.name, Timeout: 3 * time.Second})
	if err != nil {
		l.t.Fatal(err)
	}
	return c
}

// events collects the lattice's events from now on.
type eventLog struct {
	mu     sync.Mutex
	events []ctl.Event
}

func (l *testLattice) events(subjects ...string) *eventLog {
	l.t.Helper()
	log := &eventLog{}
	nc := l.conn()
	for _, s := range subjects {
		sub, err := nc.Subscribe(s, func(m *nats.Msg) {
			var ev ctl.Event
			if json.Unmarshal(m.Data, &ev) == nil {
				log.mu.Lock()
				log.events = append(log.events, ev)
				log.mu.Unlock()
			}
		})
		if err != nil {
			l.t.Fatal(err)
		}
		l.t.Cleanup(func() { _ = sub.Unsubscribe() })
	}
	if err := nc.Flush(); err != nil {
		l.t.Fatal(err)
	}
	return log
}

func (e *eventLog) count(match func(ctl.Event) bool) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.events {
		if match(ev) {
			n++
		}
	}
	return n
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second) // generous: under -race a cold wasm compile takes many seconds
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func httpReq(path string) []byte {
	return (&httpserver.Request{Method: "GET", Path: path, Header: httpserver.Header{}}).AppendMsg(nil)
}

func decodeHTTP(t *testing.T, b []byte) *httpserver.Response {
	t.Helper()
	var r httpserver.Response
	if err := r.UnmarshalMsg(b); err != nil {
		t.Fatalf("decode http response: %v", err)
	}
	return &r
}

// load keeps `workers` goroutines calling echo through caller until stop, counting successes,
// failures and the span between the first and the last failure.
type load struct {
	ok, failed, firstFail, lastFail atomic.Int64
	stopCh                          chan struct{}
	wg                              sync.WaitGroup
}

func startLoad(caller *Host, workers int, path string) *load {
	l := &load{stopCh: make(chan struct{})}
	for w := 0; w < workers; w++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for {
				select {
				case <-l.stopCh:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				_, err := caller.Call(ctx, actorKeys["echo"], httpserver.OpHandleRequest, httpReq(path))
				cancel()
				if err != nil {
					now := time.Now().UnixNano()
					l.failed.Add(1)
					l.firstFail.CompareAndSwap(0, now)
					l.lastFail.Store(now)
					continue
				}
				l.ok.Add(1)
			}
		}()
	}
	return l
}

// stop ends the load and returns the error window (zero when nothing failed).
func (l *load) stop() time.Duration {
	close(l.stopCh)
	l.wg.Wait()
	if l.failed.Load() == 0 {
		return 0
	}
	return time.Duration(l.lastFail.Load() - l.firstFail.Load())
}

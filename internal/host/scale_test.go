package host

import (
	"sync"
	"testing"

	"github.com/trellis-lattice/trellis/contract/httpserver"
)

// TestConcurrentScaleKeepsCount starts and stops instances of one actor from many goroutines
// while it serves calls: scaling only moves the pool's bound, so every start and stop is
// accounted for, the actor keeps answering, and stopping the last instance removes it.
func TestConcurrentScaleKeepsCount(t *testing.T) {
	l := newTestLattice(t)
	h := l.host(nil)
	echo := actorKeys["echo"]
	if err := h.StartActor(t.Context(), actorRefs["echo"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	const starts, stops = 12, 8
	var wg sync.WaitGroup
	for range starts {
		wg.Go(func() {
			if err := h.StartActor(t.Context(), actorRefs["echo"], 1, map[string]string{"by": "start"}, ""); err != nil {
				t.Error(err)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 5 {
				out, err := h.Call(t.Context(), echo, httpserver.OpHandleRequest, httpReq("/during"))
				if err != nil {
					t.Error(err)
					return
				}
				decodeHTTP(t, out)
			}
		})
	}
	wg.Wait()
	for range stops {
		wg.Go(func() {
			if err := h.StopActor(t.Context(), echo, 1, map[string]string{"by": "start"}, ""); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	e := h.actors.get(echo)
	if e == nil {
		t.Fatal("echo is gone")
	}
	if got, want := e.count(), 1+starts-stops; got != want {
		t.Fatalf("%d instances, want %d", got, want)
	}
	if got := e.current.Load().Limits().MaxInstances; got != 1+starts-stops {
		t.Fatalf("pool bound %d, want %d", got, 1+starts-stops)
	}
	if err := h.StopActor(t.Context(), echo, 0, nil, ""); err != nil {
		t.Fatal(err)
	}
	if h.actors.get(echo) != nil {
		t.Fatal("echo still in the table after stopping every instance")
	}
	if err := h.StartActor(t.Context(), actorRefs["echo"], 2, nil, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Call(t.Context(), echo, httpserver.OpHandleRequest, httpReq("/again")); err != nil {
		t.Fatal(err)
	}

	// Stopping every instance while another start arrives: the start either joins the
	// running actor before it goes or starts it afresh; the table never holds an actor whose
	// pool disagrees with its instances.
	for range 10 {
		wg.Go(func() { _ = h.StopActor(t.Context(), echo, 0, nil, "") })
		wg.Go(func() {
			if err := h.StartActor(t.Context(), actorRefs["echo"], 1, nil, ""); err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
		if e := h.actors.get(echo); e != nil {
			if n, bound := e.count(), e.current.Load().Limits().MaxInstances; n < 1 || n != bound {
				t.Fatalf("%d instances, pool bound %d", n, bound)
			}
		}
	}
}

package wasmrt

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSetMaxInstancesScalesWithoutReload raises and lowers an actor's bound while calls are
// in flight: a waiting call starts as soon as the bound grows, and after a shrink the pool
// keeps no more warm instances than the new bound.
func TestSetMaxInstancesScalesWithoutReload(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 4)
	host := HostCallerFunc(func(ctx context.Context, _ *Identity, _, _, _ string, _ []byte) ([]byte, error) {
		entered <- struct{}{}
		<-release
		return []byte("ok"), nil
	})
	a := load(t, newRuntime(t, host), signedGuest(t), Limits{MaxInstances: 1})
	results := make(chan error, 3)
	call := func() {
		_, err := a.Invoke(context.Background(), "hostcall", []byte("a|b|c|d"))
		results <- err
	}
	go call()
	<-entered
	go call()
	select {
	case <-entered:
		t.Fatal("a second call ran with a bound of 1")
	case <-time.After(100 * time.Millisecond):
	}
	if err := a.SetMaxInstances(3); err != nil {
		t.Fatal(err)
	}
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting call did not start after the bound grew to 3")
	}
	if got := a.Limits().MaxInstances; got != 3 {
		t.Fatalf("Limits().MaxInstances = %d, want 3", got)
	}
	go call()
	<-entered
	if st := a.Stats(); st.InUse != 3 {
		t.Fatalf("stats %+v, want 3 in use", st)
	}
	if err := a.SetMaxInstances(1); err != nil {
		t.Fatal(err)
	}
	close(release)
	for range 3 {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}
	if st := a.Stats(); st.InUse != 0 || st.Idle != 1 {
		t.Fatalf("after shrinking to 1: stats %+v, want 0 in use and 1 idle", st)
	}
	if err := a.SetMaxInstances(0); err == nil {
		t.Fatal("SetMaxInstances(0) succeeded")
	}
}

// TestPoolResizeHammer resizes the pool while many callers invoke: every call succeeds and
// the pool settles within its final bound.
func TestPoolResizeHammer(t *testing.T) {
	a := load(t, newRuntime(t, nil), signedGuest(t), Limits{MaxInstances: 2})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		for i := 0; ctx.Err() == nil; i++ {
			_ = a.SetMaxInstances(1 + i%5)
			time.Sleep(time.Millisecond)
		}
	}()
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := range 20 {
				msg := fmt.Appendf(nil, "worker %d call %d", w, i)
				got, err := a.Invoke(t.Context(), "echo", msg)
				if err != nil || !bytes.Equal(got, msg) {
					t.Errorf("echo %q = %q, %v", msg, got, err)
					return
				}
			}
		})
	}
	wg.Wait()
	cancel()
	if err := a.SetMaxInstances(2); err != nil {
		t.Fatal(err)
	}
	if st := a.Stats(); st.InUse != 0 || st.Idle > 2 {
		t.Fatalf("stats %+v, want 0 in use and at most 2 idle", st)
	}
}

// TestPoolKeepsItsInstancesUnderContention hands slots from caller to caller with many
// waiting: no instance may be thrown away and re-created (each creation instantiates a whole
// module), so the pool creates exactly its bound. A shrink then closes the surplus.
func TestPoolKeepsItsInstancesUnderContention(t *testing.T) {
	var created atomic.Int64
	p := newPool(4, func(context.Context) (*instance, error) {
		created.Add(1)
		return &instance{}, nil
	})
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for range 200 {
				inst, err := p.acquire(t.Context())
				if err != nil {
					t.Error(err)
					return
				}
				runtime.Gosched()
				p.release(inst, true)
			}
		})
	}
	wg.Wait()
	if n := created.Load(); n != 4 {
		t.Fatalf("created %d instances for 6400 calls with a bound of 4, want 4", n)
	}
	p.resize(2)
	if inUse, idle := p.stats(); inUse != 0 || idle != 2 || p.live != 2 {
		t.Fatalf("after resize(2): %d in use, %d idle, %d live; want 0, 2, 2", inUse, idle, p.live)
	}
	if err := p.close(t.Context()); err != nil || p.live != 0 {
		t.Fatalf("close: %v, %d live", err, p.live)
	}
}

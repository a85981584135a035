package wasmrt

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

// TestDeadlineStopsLoopingGuest runs a guest that spins in an empty loop, once instrumented
// (the default) and once under wazero's guard (WazeroGuard): either way the call ends with
// ErrDeadline, the instance is replaced, and garbage collections forced meanwhile complete
// (a Go host must be able to stop the spinning goroutine; with a loop that never left the
// compiled code, the first collection would hang the whole process).
func TestDeadlineStopsLoopingGuest(t *testing.T) {
	for _, guard := range []bool{false, true} {
		name := map[bool]string{false: "instrumented", true: "wazero guard"}[guard]
		t.Run(name, func(t *testing.T) {
			rt, err := New(context.Background(), Config{CacheDir: testCacheDir, WazeroGuard: guard})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = rt.Close(context.Background()) })
			a := load(t, rt, signedGuest(t), Limits{Deadline: 300 * time.Millisecond})
			if a.interruptible == guard {
				t.Fatalf("interruptible = %v with WazeroGuard %v", a.interruptible, guard)
			}
			ctx, cancel := context.WithCancel(t.Context())
			var wg sync.WaitGroup
			var collections int
			wg.Go(func() {
				for ctx.Err() == nil {
					_ = make([]byte, 1<<20)
					runtime.GC()
					collections++
					time.Sleep(5 * time.Millisecond)
				}
			})
			start := time.Now()
			_, err = a.Invoke(t.Context(), "loop", nil)
			took := time.Since(start)
			cancel()
			wg.Wait()
			if !errors.Is(err, ErrDeadline) {
				t.Fatalf("err = %v, want ErrDeadline", err)
			}
			if collections == 0 {
				t.Fatal("no garbage collection completed while the guest spun")
			}
			t.Logf("stopped after %s; %d collections meanwhile", took.Round(time.Millisecond), collections)
			if got, err := a.Invoke(t.Context(), "echo", []byte("again")); err != nil || string(got) != "again" {
				t.Fatalf("after the deadline: echo = %q, %v", got, err)
			}
		})
	}
}

// TestCanceledCallStopsGuest cancels a spinning call from outside: the guest stops and the
// error is the caller's cancellation, not a deadline.
func TestCanceledCallStopsGuest(t *testing.T) {
	a := load(t, newRuntime(t, nil), signedGuest(t), Limits{Deadline: time.Minute})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := a.Invoke(ctx, "loop", nil)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrDeadline) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

package wasmrt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newRuntime returns a runtime with an in-memory cache and the given host, closed at cleanup.
func newRuntime(t testing.TB, host HostCaller) *Runtime {
	t.Helper()
	rt, err := New(context.Background(), Config{CacheDir: testCacheDir, Host: host})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close(context.Background()) })
	return rt
}

func load(t testing.TB, rt *Runtime, mod []byte, limits Limits) *Actor {
	t.Helper()
	a, err := rt.Load(context.Background(), mod, LoadOptions{Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(context.Background()) })
	return a
}

func TestInvokeEcho(t *testing.T) {
	rt := newRuntime(t, nil)
	a := load(t, rt, signedGuest(t), Limits{})
	for _, payload := range [][]byte{nil, []byte("hello"), bytes.Repeat([]byte{0xab}, 1<<20)} {
		got, err := a.Invoke(t.Context(), "echo", payload)
		if err != nil {
			t.Fatalf("echo %d bytes: %v", len(payload), err)
		}
		if !bytes.Equal(got, payload) {
			t.Fatalf("echo %d bytes: got %d bytes back", len(payload), len(got))
		}
	}
	if got := a.Identity().Name; got != "guest" {
		t.Errorf("identity name = %q", got)
	}
	if v := a.RPCVersion(); v != 0 {
		t.Errorf("rpc version = %d, want 0 (guest does not export it)", v)
	}
}

func TestGuestErrorKeepsInstance(t *testing.T) {
	rt := newRuntime(t, nil)
	a := load(t, rt, signedGuest(t), Limits{MaxInstances: 1})
	tests := []struct {
		op      string
		wantMsg string
	}{
		{"fail", "failed on purpose"},
		{"Nope.Nothing", "Nope.Nothing: No handler registered"},
	}
	for _, tt := range tests {
		_, err := a.Invoke(t.Context(), tt.op, nil)
		var ge *GuestError
		if !errors.Is(err, ErrGuest) || !errors.As(err, &ge) || ge.Message != tt.wantMsg {
			t.Fatalf("%s: err = %v, want guest error %q", tt.op, err, tt.wantMsg)
		}
		if !strings.Contains(err.Error(), "guest ("+a.Identity().PublicKey+")") || !strings.Contains(err.Error(), tt.op) {
			t.Errorf("%s: error %q does not name the actor and operation", tt.op, err)
		}
	}
	// The same instance served all calls: its call counter kept counting.
	got, err := a.Invoke(t.Context(), "count", nil)
	if err != nil || string(got) != "3" {
		t.Fatalf("count = %q, %v; want 3 (instance reused after guest errors)", got, err)
	}
}

func TestFailuresDiscardInstanceAndOthersKeepServing(t *testing.T) {
	tests := []struct {
		name   string
		mod    func(t testing.TB) []byte
		op     string
		limits Limits
		want   error
		msg    string
	}{
		{"go panic", signedGuest, "panic", Limits{}, ErrTrap, "wasm error: unreachable (in main.guestCall"},
		{"unreachable", func(t testing.TB) []byte { return signModule(t, unreachableModule(), nil) }, "x", Limits{}, ErrTrap, "unreachable"},
		{"infinite loop", signedGuest, "loop", Limits{Deadline: 300 * time.Millisecond}, ErrDeadline, "300ms"},
		{"memory hog", signedGuest, "grow", Limits{MemoryPages: 512}, ErrMemoryLimit, "512 pages (32 MiB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := newRuntime(t, nil)
			bad := load(t, rt, tt.mod(t), tt.limits)
			good := load(t, rt, signedGuest(t), Limits{})
			stop := make(chan struct{})
			var served atomic.Int64
			var wg sync.WaitGroup
			stopped := false
			stopGood := func() {
				if !stopped {
					stopped = true
					close(stop)
					wg.Wait()
				}
			}
			defer stopGood()
			wg.Add(1)
			go func() { // another actor on the same runtime keeps answering throughout
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := good.Invoke(context.Background(), "echo", []byte("x")); err != nil {
						t.Errorf("healthy actor failed: %v", err)
						return
					}
					served.Add(1)
				}
			}()
			for i := 0; i < 2; i++ {
				_, err := bad.Invoke(t.Context(), tt.op, nil)
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("call %d: err = %v, want %v containing %q", i, err, tt.want, tt.msg)
				}
				var ie *InvocationError
				if !errors.As(err, &ie) || ie.Actor != bad.Identity().PublicKey || ie.Operation != tt.op {
					t.Fatalf("error %v does not name actor and operation", err)
				}
				if st := bad.Stats(); st.Idle != 0 || st.InUse != 0 {
					t.Fatalf("after failure: stats %+v, want the broken instance discarded", st)
				}
			}
			for deadline := time.Now().Add(10 * time.Second); served.Load() < 3; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("healthy actor did not keep serving while the other one failed")
				}
			}
			stopGood()
			if tt.op != "x" { // the Go guest still answers on a fresh instance
				if got, err := bad.Invoke(t.Context(), "echo", []byte("ok")); err != nil || string(got) != "ok" {
					t.Fatalf("after failure: echo = %q, %v", got, err)
				}
			}
		})
	}
}

func TestHostCall(t *testing.T) {
	type call struct {
		caller                        *Identity
		binding, namespace, operation string
		payload                       []byte
	}
	var got []call
	host := HostCallerFunc(func(ctx context.Context, caller *Identity, b, ns, op string, p []byte) ([]byte, error) {
		got = append(got, call{caller, b, ns, op, p})
		if op == "Fail" {
			return nil, errors.New("no link for wasmcloud:keyvalue")
		}
		return append([]byte("resp:"), p...), nil
	})
	rt := newRuntime(t, host)
	a := load(t, rt, signedGuest(t), Limits{MaxInstances: 1})

	resp, err := a.Invoke(t.Context(), "hostcall", []byte("default|wasmcloud:keyvalue|KeyValue.Get|abc"))
	if err != nil || string(resp) != "resp:abc" {
		t.Fatalf("hostcall = %q, %v", resp, err)
	}
	_, err = a.Invoke(t.Context(), "hostcall", []byte("default|wasmcloud:keyvalue|Fail|"))
	var ge *GuestError
	if !errors.As(err, &ge) || ge.Message != "Host error: no link for wasmcloud:keyvalue" {
		t.Fatalf("failing hostcall: err = %v", err)
	}
	// Empty payload and empty binding (actor-to-actor) work, and state from the failed call is gone.
	resp, err = a.Invoke(t.Context(), "hostcall", []byte("|examples/ponger|Pingpong.Ping|"))
	if err != nil || string(resp) != "resp:" {
		t.Fatalf("empty hostcall = %q, %v", resp, err)
	}
	if len(got) != 3 {
		t.Fatalf("host saw %d calls", len(got))
	}
	want := call{a.Identity(), "default", "wasmcloud:keyvalue", "KeyValue.Get", []byte("abc")}
	if g := got[0]; g.caller != want.caller || g.binding != want.binding || g.namespace != want.namespace || g.operation != want.operation || string(g.payload) != "abc" {
		t.Errorf("first host call = %+v", g)
	}
	if g := got[2]; g.binding != "" || g.namespace != "examples/ponger" || len(g.payload) != 0 {
		t.Errorf("third host call = %+v", g)
	}
}

func TestNoHostConfigured(t *testing.T) {
	a := load(t, newRuntime(t, nil), signedGuest(t), Limits{})
	_, err := a.Invoke(t.Context(), "hostcall", []byte("default|wasmcloud:keyvalue|KeyValue.Get|abc"))
	if !errors.Is(err, ErrGuest) || !strings.Contains(err.Error(), "host calls are not available") {
		t.Fatalf("err = %v", err)
	}
}

func TestPayloadTooLarge(t *testing.T) {
	a := load(t, newRuntime(t, nil), signedGuest(t), Limits{MaxPayload: 1024})
	_, err := a.Invoke(t.Context(), "echo", make([]byte, 1025))
	if !errors.Is(err, ErrPayloadTooLarge) || !strings.Contains(err.Error(), "1025 bytes, limit 1024") {
		t.Fatalf("err = %v", err)
	}
	if _, err := a.Invoke(t.Context(), "echo", make([]byte, 1024)); err != nil {
		t.Fatalf("payload at the limit: %v", err)
	}
}

func TestConsoleLogGoesToLogger(t *testing.T) {
	var buf syncBuffer
	rt, err := New(t.Context(), Config{CacheDir: testCacheDir, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close(context.Background())
	a := load(t, rt, signedGuest(t), Limits{})
	if _, err := a.Invoke(t.Context(), "log", []byte("hello from the guest")); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "hello from the guest") || !strings.Contains(out, a.Identity().PublicKey) {
		t.Fatalf("log output %q lacks the message or the actor key", out)
	}
}

// TestPoolHammer runs many goroutines on one actor with few instances.
func TestPoolHammer(t *testing.T) {
	const maxInst, workers, calls = 4, 32, 25
	a := load(t, newRuntime(t, nil), signedGuest(t), Limits{MaxInstances: maxInst})
	var wg sync.WaitGroup
	var peak atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				msg := []byte(fmt.Sprintf("worker %d call %d", w, i))
				got, err := a.Invoke(t.Context(), "echo", msg)
				if err != nil || !bytes.Equal(got, msg) {
					t.Errorf("echo %q = %q, %v", msg, got, err)
					return
				}
				if n := int64(a.Stats().InUse); n > peak.Load() {
					peak.Store(n)
				}
			}
		}()
	}
	wg.Wait()
	st := a.Stats()
	if st.InUse != 0 || st.Idle < 1 || st.Idle > maxInst || peak.Load() > maxInst {
		t.Fatalf("stats %+v, peak in use %d; want 0 in use, 1..%d idle", st, peak.Load(), maxInst)
	}
}

func TestBusyWhenAllInstancesTaken(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	host := HostCallerFunc(func(ctx context.Context, _ *Identity, _, _, _ string, _ []byte) ([]byte, error) {
		entered <- struct{}{}
		<-release
		return nil, nil
	})
	a := load(t, newRuntime(t, host), signedGuest(t), Limits{MaxInstances: 1})
	done := make(chan error, 1)
	go func() {
		_, err := a.Invoke(context.Background(), "hostcall", []byte("a|b|c|d"))
		done <- err
	}()
	<-entered
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := a.Invoke(ctx, "echo", nil); !errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCloseWaitsForInFlight(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	host := HostCallerFunc(func(ctx context.Context, _ *Identity, _, _, _ string, _ []byte) ([]byte, error) {
		close(entered)
		<-release
		return []byte("finished"), nil
	})
	rt := newRuntime(t, host)
	a, err := rt.Load(t.Context(), signedGuest(t), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	result := make(chan string, 1)
	go func() {
		resp, err := a.Invoke(context.Background(), "hostcall", []byte("a|b|c|d"))
		result <- fmt.Sprint(string(resp), err)
	}()
	<-entered
	closed := make(chan error, 1)
	go func() { closed <- a.Close(context.Background()) }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a call was in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if got := <-result; got != "finished<nil>" {
		t.Fatalf("in-flight call = %q, want it to finish", got)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if _, err := a.Invoke(t.Context(), "echo", nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("after close: err = %v, want ErrClosed", err)
	}
}

func TestCompilationCacheSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	mod := signedGuest(t)
	for i := 0; i < 2; i++ {
		rt, err := New(t.Context(), Config{CacheDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		a, err := rt.Load(t.Context(), mod, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := a.Invoke(t.Context(), "echo", []byte("hi")); err != nil || string(got) != "hi" {
			t.Fatalf("run %d: echo = %q, %v", i, got, err)
		}
		_ = a.Close(t.Context())
		_ = rt.Close(t.Context())
		if n := countFiles(t, dir); n == 0 {
			t.Fatalf("run %d: cache dir %s is empty", i, dir)
		}
	}
}

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

// TestConcurrentLoadsFromFileCache loads one module from many goroutines at once on a runtime
// whose file cache already holds it, and calls each: every load works (wazero publishes a
// module read from the file cache before it is complete, so unserialised compilations could
// get code that panics when instantiated).
func TestConcurrentLoadsFromFileCache(t *testing.T) {
	dir := t.TempDir()
	mod := signedGuest(t)
	warm, err := New(context.Background(), Config{CacheDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	a, err := warm.Load(t.Context(), mod, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_ = a.Close(context.Background())
	_ = warm.Close(context.Background())
	for range 3 {
		rt, err := New(context.Background(), Config{CacheDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				a, err := rt.Load(t.Context(), mod, LoadOptions{})
				if err != nil {
					t.Error(err)
					return
				}
				defer func() { _ = a.Close(context.Background()) }()
				if got, err := a.Invoke(t.Context(), "echo", []byte("hi")); err != nil || string(got) != "hi" {
					t.Errorf("echo = %q, %v", got, err)
				}
			})
		}
		wg.Wait()
		_ = rt.Close(context.Background())
	}
}

package wasmrt

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// The baselines below run the same modules with the least code wazero allows, so that one
// `go test -bench` run compares Trellis with them (see BENCHMARKS.md).

func newBaselineRuntime(b *testing.B, closeOnDone bool) wazero.Runtime {
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCloseOnContextDone(closeOnDone))
	b.Cleanup(func() { _ = rt.Close(ctx) })
	return rt
}

func benchRawCall(b *testing.B, closeOnDone bool) {
	ctx := context.Background()
	rt := newBaselineRuntime(b, closeOnDone)
	mod, err := rt.Instantiate(ctx, addModule())
	if err != nil {
		b.Fatal(err)
	}
	fn := mod.ExportedFunction("add")
	stack := make([]uint64, 2)
	b.ReportAllocs()
	for b.Loop() {
		stack[0], stack[1] = 1, 2
		if err := fn.CallWithStack(ctx, stack); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawWazeroCall is the floor: one call of a trivial export.
func BenchmarkRawWazeroCall(b *testing.B) { benchRawCall(b, false) }

// BenchmarkRawWazeroCallCloseOnDone is the same with WithCloseOnContextDone(true).
func BenchmarkRawWazeroCallCloseOnDone(b *testing.B) { benchRawCall(b, true) }

// wapcBaseline is a minimal hand-written waPC host: one instance, state in a closure,
// no pool, no deadline, no claims.
type wapcBaseline struct {
	op, payload, response []byte
	guestCall             api.Function
	stack                 []uint64
}

func newWapcBaseline(b *testing.B, wasm []byte, closeOnDone bool) *wapcBaseline {
	ctx := context.Background()
	rt := newBaselineRuntime(b, closeOnDone)
	w := &wapcBaseline{stack: make([]uint64, 2)}
	i32 := api.ValueTypeI32
	fn := func(f api.GoModuleFunc, params, results int) (api.GoModuleFunc, []api.ValueType, []api.ValueType) {
		p, r := make([]api.ValueType, params), make([]api.ValueType, results)
		for i := range p {
			p[i] = i32
		}
		for i := range r {
			r[i] = i32
		}
		return f, p, r
	}
	hb := rt.NewHostModuleBuilder("wasmbus")
	export := func(name string, f api.GoModuleFunc, params, results int) {
		g, p, r := fn(f, params, results)
		hb.NewFunctionBuilder().WithGoModuleFunction(g, p, r).Export(name)
	}
	export("__guest_request", func(_ context.Context, m api.Module, s []uint64) {
		m.Memory().Write(uint32(s[0]), w.op)
		m.Memory().Write(uint32(s[1]), w.payload)
	}, 2, 0)
	export("__guest_response", func(_ context.Context, m api.Module, s []uint64) {
		b, _ := m.Memory().Read(uint32(s[0]), uint32(s[1]))
		w.response = append(w.response[:0], b...)
	}, 2, 0)
	export("__guest_error", func(context.Context, api.Module, []uint64) {}, 2, 0)
	export("__host_call", func(_ context.Context, _ api.Module, s []uint64) { s[0] = 1 }, 8, 1)
	export("__host_response_len", func(_ context.Context, _ api.Module, s []uint64) { s[0] = 0 }, 0, 1)
	export("__host_error_len", func(_ context.Context, _ api.Module, s []uint64) { s[0] = 0 }, 0, 1)
	export("__host_response", func(context.Context, api.Module, []uint64) {}, 1, 0)
	export("__host_error", func(context.Context, api.Module, []uint64) {}, 1, 0)
	export("__console_log", func(context.Context, api.Module, []uint64) {}, 2, 0)
	if _, err := hb.Instantiate(ctx); err != nil {
		b.Fatal(err)
	}
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	mod, err := rt.InstantiateModule(ctx, mustCompile(b, rt, wasm), wazero.NewModuleConfig().WithStartFunctions())
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"_initialize", "wapc_init"} {
		if f := mod.ExportedFunction(name); f != nil {
			if _, err := f.Call(ctx); err != nil {
				b.Fatal(err)
			}
			break
		}
	}
	w.guestCall = mod.ExportedFunction("__guest_call")
	return w
}

func mustCompile(b *testing.B, rt wazero.Runtime, wasm []byte) wazero.CompiledModule {
	c, err := rt.CompileModule(context.Background(), wasm)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func (w *wapcBaseline) call(ctx context.Context, op string, payload []byte) []byte {
	w.op, w.payload = []byte(op), payload
	w.stack[0], w.stack[1] = uint64(len(op)), uint64(len(payload))
	if err := w.guestCall.CallWithStack(ctx, w.stack); err != nil || w.stack[0] != 1 {
		panic("baseline call failed")
	}
	return w.response
}

var payload1KiB = bytes.Repeat([]byte("0123456789abcdef"), 64)

func benchBaseline(b *testing.B, wasm []byte, op string, payload []byte, closeOnDone bool) {
	w := newWapcBaseline(b, wasm, closeOnDone)
	ctx := context.Background()
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		w.call(ctx, op, payload)
	}
}

func benchInvoke(b *testing.B, wasm []byte, op string, payload []byte) {
	rt := newRuntime(b, HostCallerFunc(func(context.Context, *Identity, string, string, string, []byte) ([]byte, error) {
		return []byte("pong"), nil
	}))
	a := load(b, rt, wasm, Limits{})
	ctx := context.Background()
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Invoke(ctx, op, payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWapcBaselineEcho1KiB: the guest's echo through the minimal waPC host.
func BenchmarkWapcBaselineEcho1KiB(b *testing.B) {
	benchBaseline(b, signedGuest(b), "echo", payload1KiB, false)
}

// BenchmarkWapcBaselineEcho1KiBCloseOnDone: the same with WithCloseOnContextDone(true).
func BenchmarkWapcBaselineEcho1KiBCloseOnDone(b *testing.B) {
	benchBaseline(b, signedGuest(b), "echo", payload1KiB, true)
}

// BenchmarkInvokeEcho1KiB: the same guest and payload through Actor.Invoke.
func BenchmarkInvokeEcho1KiB(b *testing.B) {
	benchInvoke(b, signedGuest(b), "echo", payload1KiB)
}

// BenchmarkInvokeHostCall: an invocation whose guest makes one host call (4-byte response).
func BenchmarkInvokeHostCall(b *testing.B) {
	benchInvoke(b, signedGuest(b), "hostcall", []byte("default|wasmcloud:keyvalue|KeyValue.Get|key"))
}

// BenchmarkInvokeParallel: echo from GOMAXPROCS goroutines on one actor.
func BenchmarkInvokeParallel(b *testing.B) {
	a := load(b, newRuntime(b, nil), signedGuest(b), Limits{})
	b.SetBytes(int64(len(payload1KiB)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := a.Invoke(context.Background(), "echo", payload1KiB); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkInstantiate: a new instance of a compiled Go actor, init exports included.
func BenchmarkInstantiate(b *testing.B) {
	a := load(b, newRuntime(b, nil), signedGuest(b), Limits{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		inst, err := a.newInstance(ctx)
		if err != nil {
			b.Fatal(err)
		}
		inst.close()
	}
}

func benchCompile(b *testing.B, warm bool) {
	ctx := context.Background()
	wasm := signedGuest(b)
	dir := b.TempDir()
	if warm {
		rt, err := New(ctx, Config{CacheDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rt.rt.CompileModule(ctx, wasm); err != nil {
			b.Fatal(err)
		}
		_ = rt.Close(ctx)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		cfg := Config{CacheDir: dir}
		if !warm {
			cfg.CacheDir = filepath.Join(dir, "cold", strconv.Itoa(i))
		}
		rt, err := New(ctx, cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rt.rt.CompileModule(ctx, wasm); err != nil {
			b.Fatal(err)
		}
		_ = rt.Close(ctx)
		if !warm {
			_ = os.RemoveAll(cfg.CacheDir)
		}
	}
}

// BenchmarkCompileCold compiles the Go guest (1.9 MB) with an empty cache.
func BenchmarkCompileCold(b *testing.B) { benchCompile(b, false) }

// BenchmarkCompileCached "compiles" it again from the file cache, as after a restart.
func BenchmarkCompileCached(b *testing.B) { benchCompile(b, true) }

// httpEcho1KiB is an HttpServer.HandleRequest for examples/echo with a 1 KiB body.
var httpEcho1KiB = (&httpserver.Request{Method: "POST", Path: "/echo", QueryString: "a=1",
	Header: httpserver.Header{"content-type": {"text/plain"}}, Body: payload1KiB}).AppendMsg(nil)

// BenchmarkWapcBaselineHTTPEcho1KiB: examples/echo through the minimal waPC host.
func BenchmarkWapcBaselineHTTPEcho1KiB(b *testing.B) {
	benchBaseline(b, signedExample(b, "echo"), httpserver.OpHandleRequest, httpEcho1KiB, false)
}

// BenchmarkWapcBaselineHTTPEcho1KiBCloseOnDone: the same with WithCloseOnContextDone(true),
// which Trellis needs to stop runaway actors at their deadline.
func BenchmarkWapcBaselineHTTPEcho1KiBCloseOnDone(b *testing.B) {
	benchBaseline(b, signedExample(b, "echo"), httpserver.OpHandleRequest, httpEcho1KiB, true)
}

// BenchmarkInvokeHTTPEcho1KiB: examples/echo through Actor.Invoke (the goal: ≤ 1.2× baseline).
func BenchmarkInvokeHTTPEcho1KiB(b *testing.B) {
	benchInvoke(b, signedExample(b, "echo"), httpserver.OpHandleRequest, httpEcho1KiB)
}

// httpEchoGet is the request wrk sends in BENCHMARKS.md's "Providers" runs: GET, no body.
var httpEchoGet = (&httpserver.Request{Method: "GET", Path: "/bench",
	Header: httpserver.Header{"host": {"127.0.0.1:8087"}}}).AppendMsg(nil)

// BenchmarkWapcBaselineHTTPEchoGet: examples/echo answering a GET without a body, minimal
// waPC host without the interruption guard.
func BenchmarkWapcBaselineHTTPEchoGet(b *testing.B) {
	benchBaseline(b, signedExample(b, "echo"), httpserver.OpHandleRequest, httpEchoGet, false)
}

// BenchmarkInvokeHTTPEchoGet: the same through Actor.Invoke (guard on).
func BenchmarkInvokeHTTPEchoGet(b *testing.B) {
	benchInvoke(b, signedExample(b, "echo"), httpserver.OpHandleRequest, httpEchoGet)
}

// BenchmarkAddInterruptCheck: rewriting the Go test guest's loops, done once per Load before
// the compilation cache is consulted.
func BenchmarkAddInterruptCheck(b *testing.B) {
	code, err := wasmbin.StripCustom(guestWasm, "jwt", "wasmcloud_jwt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(code)))
	for b.Loop() {
		if _, err := wasmbin.AddInterruptCheck(code); err != nil {
			b.Fatal(err)
		}
	}
}

package wasmrt

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/assemblyscript"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// HostCaller performs the host calls actors make through `__host_call`. The host layer
// implements it: builtins, link resolution, actor-to-actor calls, authorisation.
// It is called on the invocation's goroutine while the calling instance is suspended, so
// it may invoke other actors (on other instances) but must honour ctx.
type HostCaller interface {
	HostCall(ctx context.Context, caller *Identity, binding, namespace, operation string, payload []byte) ([]byte, error)
}

// HostCallerFunc adapts a function to HostCaller.
type HostCallerFunc func(ctx context.Context, caller *Identity, binding, namespace, operation string, payload []byte) ([]byte, error)

// HostCall implements HostCaller.
func (f HostCallerFunc) HostCall(ctx context.Context, caller *Identity, binding, namespace, operation string, payload []byte) ([]byte, error) {
	return f(ctx, caller, binding, namespace, operation, payload)
}

// Config configures a Runtime.
type Config struct {
	// CacheDir holds compiled machine code so a restart does not recompile. Empty means
	// "<user cache dir>/trellis/wasm"; set NoCache to keep everything in memory.
	CacheDir string
	// NoCache disables the file-backed compilation cache.
	NoCache bool
	// Host receives the actors' host calls. Nil makes every host call fail.
	Host HostCaller
	// Logger receives guest output (console log, WASI stdout/stderr). Nil discards it.
	Logger *slog.Logger
	// WazeroGuard runs every actor under wazero's WithCloseOnContextDone instead of
	// instrumenting its loops (wasmbin.AddInterruptCheck). Deadlines stop actors either way;
	// the guard costs up to 5× on compute-bound actors. Modules the instrumentation cannot
	// handle run under the guard in any case.
	WazeroGuard bool
}

// DefaultCacheDir is where compiled modules are cached when Config.CacheDir is empty.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locate user cache dir: %w", err)
	}
	return filepath.Join(dir, "trellis", "wasm"), nil
}

// Runtime is one wazero runtime shared by every actor of a host.
type Runtime struct {
	// rt runs modules instrumented with wasmbin.AddInterruptCheck: their loops count down and,
	// every wasmbin.InterruptPeriod iterations, visit the runtime (a preemption point for Go)
	// and check a flag that a deadline sets, so wazero needs no guard of its own.
	rt wazero.Runtime
	// alwaysGuard is Config.WazeroGuard.
	alwaysGuard bool
	// guarded runs the modules that cannot be instrumented, with wazero's
	// WithCloseOnContextDone: a deadline stops them too, at several times the cost per loop
	// iteration and call (BENCHMARKS.md).
	guarded wazero.Runtime
	cache   wazero.CompilationCache
	// compileMu serialises compilation. wazero 1.12 publishes a module it loads from the file
	// cache before it has compiled its entry preambles, so a second compilation of the same
	// module at that moment gets code that panics when instantiated (a host starting one actor
	// twice at once did).
	compileMu sync.Mutex
	host      HostCaller
	log       *slog.Logger
}

// New creates the wazero runtime, its compilation cache and the host modules.
func New(ctx context.Context, cfg Config) (*Runtime, error) {
	r := &Runtime{host: cfg.Host, log: cfg.Logger, alwaysGuard: cfg.WazeroGuard}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	rc := wazero.NewRuntimeConfigCompiler()
	if !cfg.NoCache {
		dir := cfg.CacheDir
		if dir == "" {
			d, err := DefaultCacheDir()
			if err != nil {
				return nil, err
			}
			dir = d
		}
		cache, err := wazero.NewCompilationCacheWithDir(dir)
		if err != nil {
			return nil, fmt.Errorf("open compilation cache %s: %w", dir, err)
		}
		r.cache = cache
		rc = rc.WithCompilationCache(cache)
	}
	r.rt = wazero.NewRuntimeWithConfig(ctx, rc)
	r.guarded = wazero.NewRuntimeWithConfig(ctx, rc.WithCloseOnContextDone(true))
	for _, rt := range []wazero.Runtime{r.rt, r.guarded} {
		if err := r.instantiateHostModules(ctx, rt); err != nil {
			_ = r.Close(ctx)
			return nil, err
		}
	}
	return r, nil
}

func (r *Runtime) instantiateHostModules(ctx context.Context, rt wazero.Runtime) error {
	for _, name := range abiModules {
		if _, err := r.abiModule(rt, name).Instantiate(ctx); err != nil {
			return fmt.Errorf("instantiate host module %s: %w", name, err)
		}
	}
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		return fmt.Errorf("instantiate WASI: %w", err)
	}
	legacy := rt.NewHostModuleBuilder("wasi_unstable")
	wasi_snapshot_preview1.NewFunctionExporter().ExportFunctions(legacy)
	if _, err := legacy.Instantiate(ctx); err != nil {
		return fmt.Errorf("instantiate wasi_unstable: %w", err)
	}
	env := rt.NewHostModuleBuilder("env")
	assemblyscript.NewFunctionExporter().WithAbortMessageDisabled().ExportFunctions(env)
	if _, err := env.Instantiate(ctx); err != nil {
		return fmt.Errorf("instantiate env: %w", err)
	}
	return nil
}

// Close closes every actor instance, the runtime and the compilation cache.
func (r *Runtime) Close(ctx context.Context) error {
	var errs []error
	for _, rt := range []wazero.Runtime{r.rt, r.guarded} {
		if rt != nil {
			errs = append(errs, rt.Close(ctx))
		}
	}
	if r.cache != nil {
		errs = append(errs, r.cache.Close(ctx))
	}
	return errors.Join(errs...)
}

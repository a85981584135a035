package wasmrt

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// Identity is who an actor is, as its claims say. The host layer uses it to route and
// authorise the actor's host calls.
type Identity struct {
	PublicKey string   // module key, `M…`
	Issuer    string   // account key, `A…`
	Name      string   // display name
	CallAlias string   // alias other actors may call it by, may be empty
	Caps      []string // capability contract ids it may use
	Tags      []string
	Revision  int64     // effective revision (claims rev, or iat when rev is missing)
	Version   string    // human-readable version
	Hash      string    // module hash, uppercase hex SHA-256
	Signed    bool      // false only for modules loaded with AllowUnsigned
	Token     string    // the raw claims JWT, empty when unsigned
	Expires   time.Time // zero when the claims never expire
	Warnings  []string  // claims problems tolerated at load, e.g. an unenforced hash mismatch
}

// HasCap reports whether the claims grant the capability contract id.
func (id *Identity) HasCap(contract string) bool {
	for _, c := range id.Caps {
		if c == contract {
			return true
		}
	}
	return false
}

// LoadOptions configure how a module is admitted and run.
type LoadOptions struct {
	Limits Limits
	// AllowUnsigned admits a module without claims; it gets an identity derived from its hash.
	// Tampered or invalid claims are rejected even then.
	AllowUnsigned bool
	// Now is the time claims are checked against; zero means time.Now().
	Now time.Time
}

// Actor is a loaded, validated actor module with its pool of instances.
type Actor struct {
	rt *Runtime
	// engine is the wazero runtime the module was compiled on: rt.rt when the module polls
	// the interrupt global (interruptible), rt.guarded otherwise.
	engine        wazero.Runtime
	interruptible bool
	identity      *Identity
	compiled      wazero.CompiledModule
	modCfg        wazero.ModuleConfig
	limits        Limits
	initFns       []string
	rpcVersion    int32
	pool          *pool
}

// Identify validates the module's claims exactly as Load would and returns the identity it
// would run under, without compiling the module.
func (r *Runtime) Identify(wasm []byte, opts LoadOptions) (*Identity, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	id, err := identify(wasm, now, opts.AllowUnsigned)
	if err != nil {
		return nil, fmt.Errorf("load actor: %w: %w", ErrInvalidModule, err)
	}
	return id, nil
}

// Load validates the module's claims, compiles it (or takes it from the cache), checks its
// imports and exports, and starts one warm instance so that a module that cannot start is
// rejected here rather than on its first request.
func (r *Runtime) Load(ctx context.Context, wasm []byte, opts LoadOptions) (*Actor, error) {
	limits := opts.Limits.WithDefaults()
	if err := limits.Validate(); err != nil {
		return nil, fmt.Errorf("load actor: %w", err)
	}
	id, err := r.Identify(wasm, opts)
	if err != nil {
		return nil, err
	}
	label := actorLabel(id.PublicKey, id.Name)
	// The claims section does not change the code: compiling without it lets every signing of
	// the same code (a new revision, another issuer) share one entry of the compilation cache.
	code, err := wasmbin.StripCustom(wasm, "jwt", "wasmcloud_jwt")
	if err != nil {
		return nil, fmt.Errorf("load actor %s: %w: %w", label, ErrInvalidModule, err)
	}
	// A module whose loops poll an interrupt global stops at its deadline without wazero's
	// guard, which costs several times more per loop iteration; one that cannot be
	// instrumented (an instruction the rewriter does not know) runs under the guard.
	engine, interruptible := r.guarded, false
	if !r.alwaysGuard {
		if instrumented, err := wasmbin.AddInterruptCheck(code); err == nil {
			code, engine, interruptible = instrumented, r.rt, true
		} else {
			r.log.Info("actor runs under wazero's interruption guard", "actor", id.PublicKey, "name", id.Name, "reason", err)
		}
	}
	r.compileMu.Lock()
	compiled, err := engine.CompileModule(ctx, code)
	r.compileMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("load actor %s: %w: compile: %w", label, ErrInvalidModule, err)
	}
	a := &Actor{rt: r, engine: engine, interruptible: interruptible, identity: id, compiled: compiled, limits: limits}
	if err := a.checkModule(); err != nil {
		_ = compiled.Close(ctx)
		return nil, fmt.Errorf("load actor %s: %w: %w", label, ErrInvalidModule, err)
	}
	a.initFns = initFunctions(compiled)
	a.modCfg = r.moduleConfig(id)
	a.pool = newPool(limits.MaxInstances, a.newInstance)
	inst, err := a.newInstance(ctx)
	if err != nil {
		_ = compiled.Close(ctx)
		return nil, fmt.Errorf("load: %w", err)
	}
	a.rpcVersion = inst.rpcVersion(ctx)
	a.pool.put(inst)
	return a, nil
}

// moduleConfig gives instances WASI without files, args or environment: stdout and stderr
// go to the log, randomness and clocks are real.
func (r *Runtime) moduleConfig(id *Identity) wazero.ModuleConfig {
	return wazero.NewModuleConfig().
		WithName("").
		WithStartFunctions().
		WithStdout(&logWriter{log: r.log, actor: id.PublicKey, stream: "stdout"}).
		WithStderr(&logWriter{log: r.log, actor: id.PublicKey, stream: "stderr", level: slog.LevelWarn}).
		WithRandSource(cryptoRand{}).
		WithSysWalltime().
		WithSysNanotime().
		WithSysNanosleep()
}

// initFunctions lists the init exports to run, each function index once.
func initFunctions(c wazero.CompiledModule) []string {
	exports := c.ExportedFunctions()
	seen := map[uint32]bool{}
	var names []string
	for _, name := range initExports {
		def, ok := exports[name]
		if !ok || seen[def.Index()] {
			continue
		}
		seen[def.Index()] = true
		names = append(names, name)
	}
	return names
}

// rpcVersion calls __wasmbus_rpc_version when exported; 0 otherwise (ACTORS.md §1.4).
func (inst *instance) rpcVersion(ctx context.Context) int32 {
	fn := inst.mod.ExportedFunction("__wasmbus_rpc_version")
	if fn == nil {
		return 0
	}
	res, err := fn.Call(ctx)
	if err != nil || len(res) != 1 {
		return 0
	}
	return int32(uint32(res[0]))
}

// Identity returns who the actor is.
func (a *Actor) Identity() *Identity { return a.identity }

// RPCVersion is what the module's __wasmbus_rpc_version returned (0 if absent).
func (a *Actor) RPCVersion() int32 { return a.rpcVersion }

// Limits returns the limits the actor runs under.
func (a *Actor) Limits() Limits {
	l := a.limits
	l.MaxInstances = a.pool.limit()
	return l
}

// SetMaxInstances changes how many calls the actor serves at once without recompiling it
// (scaling). A lower bound takes effect as calls in flight finish; surplus warm instances are
// released.
func (a *Actor) SetMaxInstances(n int) error {
	if n < 1 {
		return fmt.Errorf("actor %s: max instances must be at least 1, got %d", actorLabel(a.identity.PublicKey, a.identity.Name), n)
	}
	a.pool.resize(n)
	return nil
}

// Stats is a snapshot of an actor's instance pool.
type Stats struct {
	InUse int // instances serving a call
	Idle  int // warm instances waiting
}

// Stats returns a snapshot of the actor's instance pool.
func (a *Actor) Stats() Stats {
	inUse, idle := a.pool.stats()
	return Stats{InUse: inUse, Idle: idle}
}

// Invoke runs operation op with payload on a free instance and returns the guest's response.
// Errors are *InvocationError values wrapping ErrGuest (the actor answered with an error),
// ErrTrap, ErrDeadline, ErrMemoryLimit, ErrPayloadTooLarge, ErrBusy or ErrClosed.
func (a *Actor) Invoke(ctx context.Context, op string, payload []byte) ([]byte, error) {
	if len(payload) > a.limits.MaxPayload {
		return nil, a.invErr(op, fmt.Errorf("%w: %d bytes, limit %d", ErrPayloadTooLarge, len(payload), a.limits.MaxPayload))
	}
	ctx, cancel := context.WithTimeout(ctx, a.limits.Deadline)
	defer cancel()
	inst, err := a.pool.acquire(ctx)
	if err != nil {
		return nil, a.invErr(op, err)
	}
	resp, keep, err := inst.call(ctx, op, payload)
	a.pool.release(inst, keep)
	if err != nil {
		return nil, a.invErr(op, err)
	}
	return resp, nil
}

func (a *Actor) invErr(op string, err error) error {
	return &InvocationError{Actor: a.identity.PublicKey, Name: a.identity.Name, Operation: op, Err: err}
}

// Close stops new invocations, waits for those in flight to finish (or ctx to end), then
// releases every instance and the compiled module.
func (a *Actor) Close(ctx context.Context) error {
	err := a.pool.close(ctx)
	if cerr := a.compiled.Close(context.WithoutCancel(ctx)); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("close actor %s: %w", actorLabel(a.identity.PublicKey, a.identity.Name), err)
	}
	return nil
}

// checkModule verifies the exports the ABI needs and that every import is provided by a
// host module with the same signature, so that a bad module fails with a precise message.
func (a *Actor) checkModule() error {
	c := a.compiled
	if _, ok := c.ExportedMemories()["memory"]; !ok {
		return fmt.Errorf("it does not export its memory as \"memory\"")
	}
	gc, ok := c.ExportedFunctions()["__guest_call"]
	if !ok {
		return fmt.Errorf("it does not export __guest_call; is it a waPC/wasmCloud actor?")
	}
	if !sameSignature(gc.ParamTypes(), gc.ResultTypes(), []api.ValueType{api.ValueTypeI32, api.ValueTypeI32}, []api.ValueType{api.ValueTypeI32}) {
		return fmt.Errorf("its __guest_call export has the wrong signature (want (i32, i32) -> i32)")
	}
	for _, imp := range c.ImportedFunctions() {
		modName, name, _ := imp.Import()
		host := a.engine.Module(modName)
		if host == nil {
			return fmt.Errorf("it imports %s.%s, but Trellis provides no module %q (it offers wasmbus, wapc, wasi_snapshot_preview1, wasi_unstable and env)", modName, name, modName)
		}
		def, ok := host.ExportedFunctionDefinitions()[name]
		if !ok {
			return fmt.Errorf("it imports %s.%s, a function Trellis does not provide", modName, name)
		}
		if !sameSignature(imp.ParamTypes(), imp.ResultTypes(), def.ParamTypes(), def.ResultTypes()) {
			return fmt.Errorf("it imports %s.%s with signature %v -> %v, but Trellis provides %v -> %v",
				modName, name, typeNames(imp.ParamTypes()), typeNames(imp.ResultTypes()), typeNames(def.ParamTypes()), typeNames(def.ResultTypes()))
		}
	}
	for _, mem := range c.ImportedMemories() {
		modName, name, _ := mem.Import()
		return fmt.Errorf("it imports memory %s.%s; actors must define their own memory", modName, name)
	}
	for _, mem := range c.ExportedMemories() {
		if mem.Min() > a.limits.MemoryPages {
			return fmt.Errorf("it needs %d pages of memory at start, above its limit of %d pages", mem.Min(), a.limits.MemoryPages)
		}
	}
	return nil
}

func sameSignature(p1, r1, p2, r2 []api.ValueType) bool {
	return string(p1) == string(p2) && string(r1) == string(r2)
}

func typeNames(ts []api.ValueType) []string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = api.ValueTypeName(t)
	}
	return names
}

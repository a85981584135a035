package wasmrt

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// initExports are the initialisation exports run after instantiation, in this order, each
// function at most once even when exported under several names (ACTORS.md §1.4, §6):
// WASI reactors (`_initialize`), legacy `start`, TinyGo's `_start`, waPC's `wapc_init`.
var initExports = []string{"_initialize", "start", "_start", "wapc_init"}

// instance is one instantiated module with its invocation state. It serves one call at a time.
type instance struct {
	actor     *Actor
	mod       api.Module
	guestCall api.Function
	// interrupt is the module's wasmbin.InterruptExport global (nil under the guard): set to
	// 1, it makes the running code trap at its next loop iteration.
	interrupt api.MutableGlobal
	alloc     *limitedAllocator
	state     callState
	stack     []uint64
}

// newInstance instantiates the actor's module and runs its init exports under the deadline.
func (a *Actor) newInstance(ctx context.Context) (*instance, error) {
	inst := &instance{
		actor: a,
		alloc: &limitedAllocator{limit: uint64(a.limits.MemoryPages) * wasmPageSize},
		stack: make([]uint64, 2),
	}
	inst.state.inst = inst
	ctx, cancel := context.WithTimeout(ctx, a.limits.Deadline)
	defer cancel()
	ctx = experimental.WithMemoryAllocator(ctx, inst.alloc)
	ctx = context.WithValue(ctx, stateKey{}, &inst.state)
	mod, err := a.engine.InstantiateModule(ctx, a.compiled, a.modCfg)
	if err != nil {
		return nil, a.instantiateError(inst, "instantiate", err)
	}
	inst.mod = mod
	if a.interruptible {
		g, ok := mod.ExportedGlobal(wasmbin.InterruptExport).(api.MutableGlobal)
		if !ok {
			inst.close()
			return nil, fmt.Errorf("actor %s: instantiate: the interrupt global is missing", actorLabel(a.identity.PublicKey, a.identity.Name))
		}
		inst.interrupt = g
	}
	for _, name := range a.initFns {
		var err error
		if inst.interruptible(ctx, func() { _, err = mod.ExportedFunction(name).Call(ctx) }) {
			err = deadlineExit(ctx) // even if it returned: its interrupt global may be set
		}
		var exit *sys.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 0 {
			err = nil
		}
		if err != nil {
			inst.close()
			return nil, a.instantiateError(inst, "run "+name, err)
		}
		if mod.IsClosed() {
			return nil, fmt.Errorf("actor %s: %w: its %s export exited the module; build Go actors with -buildmode=c-shared (trellis build does)",
				actorLabel(a.identity.PublicKey, a.identity.Name), ErrInvalidModule, name)
		}
	}
	inst.guestCall = mod.ExportedFunction("__guest_call")
	return inst, nil
}

func (a *Actor) instantiateError(inst *instance, step string, err error) error {
	return fmt.Errorf("actor %s: %s: %w", actorLabel(a.identity.PublicKey, a.identity.Name), step, classify(inst, err))
}

// call runs one guest call on the instance. keep reports whether the instance may be reused.
func (inst *instance) call(ctx context.Context, op string, payload []byte) (resp []byte, keep bool, err error) {
	s := &inst.state
	s.reset(op, payload)
	inst.alloc.refused.Store(false)
	inst.stack[0], inst.stack[1] = uint64(len(op)), uint64(len(payload))
	ctx = context.WithValue(ctx, stateKey{}, s)
	var callErr error
	interrupted := inst.interruptible(ctx, func() { callErr = inst.guestCall.CallWithStack(ctx, inst.stack) })
	resp, gerr, set := s.guestResponse, s.guestError, s.guestErrorSet
	s.reset("", nil) // drop references to request and response buffers
	if interrupted && callErr != nil {
		callErr = deadlineExit(ctx)
	}
	if callErr != nil {
		return nil, false, classify(inst, callErr)
	}
	if interrupted {
		// The call ended as its context did: the interrupt global may be set, so the
		// instance is not reused, but the answer stands.
		defer inst.close()
	}
	if inst.mod.IsClosed() {
		return nil, false, fmt.Errorf("%w: the module exited during the call", ErrTrap)
	}
	if uint32(inst.stack[0]) == 1 {
		if resp == nil {
			resp = []byte{}
		}
		return resp, !interrupted, nil
	}
	msg := string(gerr)
	if !set || msg == "" {
		msg = "guest call failed without an error message"
	}
	return nil, !interrupted, &GuestError{Message: msg}
}

// interruptible runs fn, which calls into the instance, so that ctx ending interrupts the
// guest: the interrupt global is set and the guest traps at its next loop iteration. It
// reports whether that happened (the instance must then not be reused). Under wazero's guard
// (no interrupt global) it just runs fn: wazero watches ctx itself.
func (inst *instance) interruptible(ctx context.Context, fn func()) (interrupted bool) {
	if inst.interrupt == nil {
		fn()
		return false
	}
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		inst.interrupt.Set(1)
		close(fired)
	})
	fn()
	if stop() {
		return false
	}
	<-fired
	return true
}

// deadlineExit is the error wazero's guard reports when ctx ends a call, so that an
// interrupted instance classifies the same way.
func deadlineExit(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return sys.NewExitError(sys.ExitCodeDeadlineExceeded)
	}
	return sys.NewExitError(sys.ExitCodeContextCanceled)
}

// classify turns a wazero call error into one of the package's sentinel errors.
func classify(inst *instance, err error) error {
	if inst != nil && inst.alloc.refused.Load() {
		return fmt.Errorf("%w of %d pages (%d MiB): %w", ErrMemoryLimit,
			inst.actor.limits.MemoryPages, uint64(inst.actor.limits.MemoryPages)*wasmPageSize>>20, err)
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		switch exit.ExitCode() {
		case sys.ExitCodeDeadlineExceeded:
			return fmt.Errorf("%w (%s)", ErrDeadline, inst.actor.limits.Deadline)
		case sys.ExitCodeContextCanceled:
			return fmt.Errorf("invocation canceled by the caller: %w", context.Canceled)
		default:
			return fmt.Errorf("%w: the module exited with code %d", ErrTrap, exit.ExitCode())
		}
	}
	return fmt.Errorf("%w: %s", ErrTrap, trapSummary(err))
}

// trapSummary shortens wazero's multi-line trap report to one line naming the innermost
// frame of the actor's own code (Go and Rust runtime frames are skipped).
func trapSummary(err error) string {
	msg := err.Error()
	first, rest, found := strings.Cut(msg, "\n")
	if !found {
		return msg
	}
	for _, line := range strings.Split(rest, "\n") {
		frame := strings.TrimSpace(line)
		name := strings.TrimPrefix(frame, ".")
		if frame == "" || frame == "wasm stack trace:" || strings.HasPrefix(name, "runtime.") ||
			strings.HasPrefix(name, "core::") || strings.HasPrefix(name, "std::") {
			continue
		}
		return fmt.Sprintf("%s (in %s)", first, name)
	}
	return first
}

// close releases the instance's module; it is never used again.
func (inst *instance) close() {
	if inst.mod != nil {
		_ = inst.mod.Close(context.Background())
	}
}

package wasmrt

import (
	"context"
	"errors"
	"log/slog"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// abiModules are the import module names under which the waPC functions are offered:
// `wasmbus` (wasmbus-rpc ≥ 0.3.5, TinyGo and Trellis Go actors) and `wapc` (legacy actors).
var abiModules = []string{"wasmbus", "wapc"}

// callState is the per-instance state of the invocation in progress (ACTORS.md §1.5):
// reset at the start of every guest call, host parts reset on every host call.
type callState struct {
	inst          *instance
	op            string
	payload       []byte
	guestResponse []byte
	guestError    []byte
	guestErrorSet bool
	hostResponse  []byte
	hostError     []byte
}

func (s *callState) reset(op string, payload []byte) {
	*s = callState{inst: s.inst, op: op, payload: payload}
}

type stateKey struct{}

// stateFrom returns the state of the invocation running on ctx, or nil outside one.
func stateFrom(ctx context.Context) *callState {
	s, _ := ctx.Value(stateKey{}).(*callState)
	return s
}

type abiFunc struct {
	name    string
	params  int
	results int
	fn      func(r *Runtime, ctx context.Context, m api.Module, stack []uint64)
}

var abiFuncs = []abiFunc{
	{"__host_call", 8, 1, (*Runtime).hostCall},
	{"__host_response_len", 0, 1, func(_ *Runtime, ctx context.Context, _ api.Module, stack []uint64) {
		stack[0] = uint64(len(stateOrEmpty(ctx).hostResponse))
	}},
	{"__host_response", 1, 0, func(_ *Runtime, ctx context.Context, m api.Module, stack []uint64) {
		writeGuest(m, uint32(stack[0]), stateOrEmpty(ctx).hostResponse)
	}},
	{"__host_error_len", 0, 1, func(_ *Runtime, ctx context.Context, _ api.Module, stack []uint64) {
		stack[0] = uint64(len(stateOrEmpty(ctx).hostError))
	}},
	{"__host_error", 1, 0, func(_ *Runtime, ctx context.Context, m api.Module, stack []uint64) {
		writeGuest(m, uint32(stack[0]), stateOrEmpty(ctx).hostError)
	}},
	{"__guest_request", 2, 0, func(_ *Runtime, ctx context.Context, m api.Module, stack []uint64) {
		s := stateOrEmpty(ctx)
		writeGuest(m, uint32(stack[0]), []byte(s.op))
		writeGuest(m, uint32(stack[1]), s.payload)
	}},
	{"__guest_response", 2, 0, func(_ *Runtime, ctx context.Context, m api.Module, stack []uint64) {
		if s := stateFrom(ctx); s != nil {
			s.guestResponse = readGuestCopy(m, uint32(stack[0]), uint32(stack[1]))
		}
	}},
	{"__guest_error", 2, 0, func(_ *Runtime, ctx context.Context, m api.Module, stack []uint64) {
		if s := stateFrom(ctx); s != nil {
			s.guestError = readGuestCopy(m, uint32(stack[0]), uint32(stack[1]))
			s.guestErrorSet = true
		}
	}},
	{"__console_log", 2, 0, (*Runtime).consoleLog},
}

var emptyState = &callState{}

// errOutOfBounds is raised (as a trap) when the guest hands the host a buffer outside its memory.
var errOutOfBounds = errors.New("guest buffer out of bounds of its memory")

func stateOrEmpty(ctx context.Context) *callState {
	if s := stateFrom(ctx); s != nil {
		return s
	}
	return emptyState
}

// abiModule builds one host module exposing the waPC functions with api.GoModuleFunc,
// so the hot path involves no reflection.
func (r *Runtime) abiModule(rt wazero.Runtime, name string) wazero.HostModuleBuilder {
	b := rt.NewHostModuleBuilder(name)
	for _, f := range abiFuncs {
		params := make([]api.ValueType, f.params)
		for i := range params {
			params[i] = api.ValueTypeI32
		}
		results := make([]api.ValueType, f.results)
		for i := range results {
			results[i] = api.ValueTypeI32
		}
		b.NewFunctionBuilder().
			WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
				f.fn(r, ctx, m, stack)
			}), params, results).
			WithName(f.name).
			Export(f.name)
	}
	return b
}

// hostCall implements __host_call(bd_ptr, bd_len, ns_ptr, ns_len, op_ptr, op_len, ptr, len) → i32.
func (r *Runtime) hostCall(ctx context.Context, m api.Module, stack []uint64) {
	s := stateFrom(ctx)
	if s == nil {
		stack[0] = 0
		return
	}
	s.hostResponse, s.hostError = nil, nil
	binding, ok1 := readGuestString(m, uint32(stack[0]), uint32(stack[1]))
	namespace, ok2 := readGuestString(m, uint32(stack[2]), uint32(stack[3]))
	operation, ok3 := readGuestString(m, uint32(stack[4]), uint32(stack[5]))
	payload := readGuestCopy(m, uint32(stack[6]), uint32(stack[7]))
	if !ok1 || !ok2 || !ok3 || (payload == nil && stack[7] != 0) {
		s.hostError = []byte("host call arguments out of bounds of guest memory")
		stack[0] = 0
		return
	}
	if r.host == nil {
		s.hostError = []byte("host calls are not available on this runtime")
		stack[0] = 0
		return
	}
	resp, err := r.host.HostCall(ctx, s.inst.actor.identity, binding, namespace, operation, payload)
	if err != nil {
		s.hostError = []byte(err.Error())
		stack[0] = 0
		return
	}
	s.hostResponse = resp
	stack[0] = 1
}

// consoleLog implements __console_log(ptr, len).
func (r *Runtime) consoleLog(ctx context.Context, m api.Module, stack []uint64) {
	msg, _ := readGuestString(m, uint32(stack[0]), uint32(stack[1]))
	key := ""
	if s := stateFrom(ctx); s != nil && s.inst != nil {
		key = s.inst.actor.identity.PublicKey
	}
	r.log.LogAttrs(ctx, slog.LevelInfo, msg, slog.String("actor", key), slog.String("source", "console"))
}

func readGuestString(m api.Module, ptr, n uint32) (string, bool) {
	if n == 0 {
		return "", true
	}
	b, ok := m.Memory().Read(ptr, n)
	if !ok {
		return "", false
	}
	return string(b), true
}

// readGuestCopy copies n bytes out of guest memory (the guest may reuse it right after).
// It returns an empty non-nil slice for n == 0 and nil when out of bounds.
func readGuestCopy(m api.Module, ptr, n uint32) []byte {
	if n == 0 {
		return []byte{}
	}
	b, ok := m.Memory().Read(ptr, n)
	if !ok {
		return nil
	}
	return append([]byte(nil), b...)
}

// writeGuest copies data into guest memory; a zero-length write never touches memory, since
// the guest may pass a dangling pointer for an empty buffer (ACTORS.md §1.2).
func writeGuest(m api.Module, ptr uint32, data []byte) {
	if len(data) == 0 {
		return
	}
	if !m.Memory().Write(ptr, data) {
		panic(errOutOfBounds)
	}
}

package host

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

// ErrActorNotRunning means the actor has no instance on this host.
var ErrActorNotRunning = errors.New("actor is not running on this host")

// instanceInfo is one unit of an actor's scale on this host: one concurrent invocation.
type instanceInfo struct {
	ID          string
	Annotations map[string]string
}

// actorEntry is one actor on this host: its current code (swapped on live update and
// scale), its instances and its lattice subscription.
type actorEntry struct {
	key     string
	current atomic.Pointer[wasmrt.Actor]

	mu        sync.Mutex // guards the fields below
	ref       string
	wasm      []byte
	instances []instanceInfo
	sub       *lattice.Subscription
	gone      bool // the last instance was stopped; the entry is leaving the table
}

// actorTable is the host's set of running actors.
type actorTable struct {
	mu     sync.RWMutex
	actors map[string]*actorEntry
}

func (t *actorTable) get(key string) *actorEntry {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.actors[key]
}

func (t *actorTable) all() []*actorEntry {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]*actorEntry, 0, len(t.actors))
	for _, e := range t.actors {
		out = append(out, e)
	}
	return out
}

// invoke runs op on the actor's current code. A call that raced a live update (the old code
// closed between lookup and start) is retried on the new code, so no call is dropped.
func (e *actorEntry) invoke(ctx context.Context, op string, payload []byte) ([]byte, error) {
	for {
		a := e.current.Load()
		if a == nil {
			return nil, fmt.Errorf("actor %s: %w", e.key, ErrActorNotRunning)
		}
		resp, err := a.Invoke(ctx, op, payload)
		if errors.Is(err, wasmrt.ErrClosed) && e.current.Load() != a {
			continue
		}
		return resp, err
	}
}

// count is the number of instances (the actor's max concurrency on this host).
func (e *actorEntry) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.instances)
}

// swap installs new code and lets the old one finish its in-flight calls in the background.
func (h *Host) swap(e *actorEntry, next *wasmrt.Actor) {
	old := e.current.Swap(next)
	if old == nil {
		return
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), old.Limits().Deadline+time.Second)
		defer cancel()
		if err := old.Close(ctx); err != nil {
			h.log.Warn("close replaced actor code", "actor", e.key, "err", err)
		}
	}()
}

// load validates and compiles wasm with the host's limits and the given instance count.
func (h *Host) load(ctx context.Context, wasm []byte, count int) (*wasmrt.Actor, error) {
	limits := h.cfg.ActorLimits
	limits.MaxInstances = count
	return h.rt.Load(ctx, wasm, wasmrt.LoadOptions{Limits: limits, AllowUnsigned: h.cfg.AllowUnsigned})
}

// startActor adds count instances of the actor at ref, loading it if it is not running yet.
// Adding instances to a running actor only raises its concurrency bound: the code is not
// recompiled.
func (h *Host) startActor(ctx context.Context, ref string, count int, annotations map[string]string) (*wasmrt.Identity, []instanceInfo, error) {
	if count < 1 {
		count = 1
	}
	wasm, err := h.fetchModule(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	id, err := h.rt.Identify(wasm, wasmrt.LoadOptions{AllowUnsigned: h.cfg.AllowUnsigned})
	if err != nil {
		return nil, nil, err
	}
	added := newInstances(count, annotations)
	for {
		if e := h.actors.get(id.PublicKey); e != nil {
			ok, err := h.addInstances(e, ref, added)
			if err != nil {
				return nil, nil, err
			}
			if ok {
				return id, added, nil
			}
			runtime.Gosched() // the entry is leaving the table: start afresh once it has
			continue
		}
		a, err := h.load(ctx, wasm, count)
		if err != nil {
			return nil, nil, err
		}
		h.actors.mu.Lock()
		if _, raced := h.actors.actors[id.PublicKey]; raced {
			h.actors.mu.Unlock()
			_ = a.Close(ctx)
			continue
		}
		e := &actorEntry{key: id.PublicKey, ref: ref, wasm: wasm, instances: added}
		e.current.Store(a)
		h.actors.actors[id.PublicKey] = e
		h.actors.mu.Unlock()
		if err := h.subscribeActor(e); err != nil {
			h.removeActor(e)
			return nil, nil, err
		}
		return a.Identity(), added, nil
	}
}

// addInstances raises a running actor's scale. It returns false when the entry is being
// removed (its last instance was just stopped), so the caller starts the actor afresh.
func (h *Host) addInstances(e *actorEntry, ref string, added []instanceInfo) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.gone {
		return false, nil
	}
	if e.ref != ref {
		return false, fmt.Errorf("actor %s is already running on this host from %s; a different reference (%s) needs a live update", e.key, e.ref, ref)
	}
	if err := e.current.Load().SetMaxInstances(len(e.instances) + len(added)); err != nil {
		return false, err
	}
	e.instances = append(e.instances, added...)
	return true, nil
}

func newInstances(n int, annotations map[string]string) []instanceInfo {
	out := make([]instanceInfo, n)
	for i := range out {
		out[i] = instanceInfo{ID: uuid.NewString(), Annotations: maps.Clone(annotations)}
	}
	return out
}

// stopActor stops up to count instances (0 = all) whose annotations contain every given
// pair. It returns the stopped instances and how many remain.
func (h *Host) stopActor(ctx context.Context, key string, count int, annotations map[string]string) ([]instanceInfo, int, error) {
	e := h.actors.get(key)
	if e == nil {
		return nil, 0, fmt.Errorf("actor %s: %w", key, ErrActorNotRunning)
	}
	e.mu.Lock()
	var stopped, kept []instanceInfo
	for _, inst := range e.instances {
		if (count == 0 || len(stopped) < count) && containsAll(inst.Annotations, annotations) {
			stopped = append(stopped, inst)
		} else {
			kept = append(kept, inst)
		}
	}
	if len(kept) == 0 {
		e.instances = nil
		e.gone = true
		e.mu.Unlock()
		h.removeActor(e)
		return stopped, 0, nil
	}
	if len(stopped) > 0 {
		if err := e.current.Load().SetMaxInstances(len(kept)); err != nil {
			e.mu.Unlock()
			return nil, len(e.instances), err
		}
		e.instances = kept
	}
	e.mu.Unlock()
	return stopped, len(kept), nil
}

// removeActor unsubscribes the actor, drops it from the table and closes its code after its
// in-flight calls.
func (h *Host) removeActor(e *actorEntry) {
	h.actors.mu.Lock()
	if h.actors.actors[e.key] == e {
		delete(h.actors.actors, e.key)
	}
	h.actors.mu.Unlock()
	e.mu.Lock()
	sub := e.sub
	e.sub = nil
	e.gone = true
	e.mu.Unlock()
	if sub != nil {
		sub.Stop() // lets the invocations already received finish
	}
	h.swap(e, nil)
}

// updateActor replaces the actor's code with the module at ref: same public key, strictly
// greater revision. In-flight calls finish on the old code; new calls use the new code.
func (h *Host) updateActor(ctx context.Context, key, ref string) (*wasmrt.Identity, error) {
	e := h.actors.get(key)
	if e == nil {
		return nil, fmt.Errorf("actor %s: %w", key, ErrActorNotRunning)
	}
	wasm, err := h.fetchModule(ctx, ref)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	next, err := h.load(ctx, wasm, len(e.instances))
	if err != nil {
		return nil, err
	}
	cur, id := e.current.Load(), next.Identity()
	if id.PublicKey != key {
		_ = next.Close(ctx)
		return nil, fmt.Errorf("the module at %s is actor %s, not %s", ref, id.PublicKey, key)
	}
	if cur != nil && id.Revision <= cur.Identity().Revision {
		_ = next.Close(ctx)
		return nil, fmt.Errorf("the module at %s has revision %d, not greater than the running revision %d", ref, id.Revision, cur.Identity().Revision)
	}
	e.ref, e.wasm = ref, wasm
	h.swap(e, next)
	return id, nil
}

func containsAll(have, want map[string]string) bool {
	for k, v := range want {
		if have[k] != v {
			return false
		}
	}
	return true
}

package wasmrt

import (
	"context"
	"fmt"
	"sync"
)

// pool keeps an actor's warm instances and bounds how many are in use at once. Instances
// are created on demand up to the bound; a healthy instance goes back to the idle stack after
// its call, a broken one is closed. Callers that find every instance busy wait in FIFO order.
// The bound can change while calls run (scaling an actor does not recompile it): a lower
// bound takes effect as calls finish, a higher one admits waiters at once.
type pool struct {
	mu      sync.Mutex
	max     int
	inUse   int // slots taken: calls running, instances being created, waiters just admitted
	live    int // instances that exist: idle ones and those serving a call
	waiters []chan struct{}
	idle    []*instance
	closed  bool
	drained chan struct{} // closed when the pool is closed and nothing is in use
	newFn   func(context.Context) (*instance, error)
}

func newPool(max int, newFn func(context.Context) (*instance, error)) *pool {
	return &pool{max: max, drained: make(chan struct{}), newFn: newFn}
}

// acquire returns an idle instance or a new one, waiting for a free slot until ctx ends.
func (p *pool) acquire(ctx context.Context) (*instance, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	if p.inUse < p.max && len(p.waiters) == 0 {
		p.inUse++
		return p.take(ctx)
	}
	w := make(chan struct{}, 1)
	p.waiters = append(p.waiters, w)
	p.mu.Unlock()
	select {
	case _, granted := <-w:
		if !granted {
			return nil, ErrClosed
		}
		p.mu.Lock()
		return p.take(ctx)
	case <-ctx.Done():
		p.mu.Lock()
		if p.dequeue(w) {
			p.mu.Unlock()
		} else if _, granted := <-w; granted {
			// A slot was handed over as the context ended: pass it on.
			p.inUse--
			p.grant()
			p.mu.Unlock()
		} else {
			p.mu.Unlock()
		}
		return nil, fmt.Errorf("%w: all %d instances busy: %w", ErrBusy, p.limit(), ctx.Err())
	}
}

// take is called with p.mu held and a slot counted in inUse; it unlocks p.mu and returns an
// idle instance or a new one.
func (p *pool) take(ctx context.Context) (*instance, error) {
	if n := len(p.idle); n > 0 {
		inst := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return inst, nil
	}
	p.live++
	p.mu.Unlock()
	inst, err := p.newFn(ctx)
	if err != nil {
		p.mu.Lock()
		p.live--
		p.free()
		p.mu.Unlock()
		return nil, err
	}
	return inst, nil
}

// dequeue removes w from the waiters; false means it had already been granted or closed.
func (p *pool) dequeue(w chan struct{}) bool {
	for i, x := range p.waiters {
		if x == w {
			p.waiters = append(p.waiters[:i], p.waiters[i+1:]...)
			return true
		}
	}
	return false
}

// grant hands free slots to waiters in arrival order. Called with p.mu held.
func (p *pool) grant() {
	for p.inUse < p.max && len(p.waiters) > 0 {
		w := p.waiters[0]
		p.waiters[0] = nil
		p.waiters = p.waiters[1:]
		p.inUse++
		w <- struct{}{}
	}
}

// free gives back one slot. Called with p.mu held.
func (p *pool) free() {
	p.inUse--
	p.grant()
	if p.closed && p.inUse == 0 {
		close(p.drained)
	}
}

// release returns inst to the pool when keep is true, the pool is open and it has no more
// instances than its bound (it may have more after a shrink); otherwise the instance is
// closed.
func (p *pool) release(inst *instance, keep bool) {
	p.mu.Lock()
	keep = keep && !p.closed && p.live <= p.max
	if keep {
		p.idle = append(p.idle, inst)
	} else {
		p.live--
	}
	p.free()
	p.mu.Unlock()
	if !keep {
		inst.close()
	}
}

// put adds a freshly made instance to the idle stack (used to pre-warm).
func (p *pool) put(inst *instance) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		inst.close()
		return
	}
	p.idle = append(p.idle, inst)
	p.live++
	p.mu.Unlock()
}

// resize changes the bound on concurrent calls to n (at least 1). Idle instances beyond the
// new bound are closed; calls in flight finish on their instances.
func (p *pool) resize(n int) {
	n = max(n, 1)
	p.mu.Lock()
	p.max = n
	p.grant()
	var extra []*instance
	for p.live > n && len(p.idle) > 0 {
		last := len(p.idle) - 1
		extra = append(extra, p.idle[last])
		p.idle[last] = nil
		p.idle = p.idle[:last]
		p.live--
	}
	p.mu.Unlock()
	for _, inst := range extra {
		inst.close()
	}
}

// limit is the current bound.
func (p *pool) limit() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.max
}

// close stops new acquisitions, closes idle instances and waits until every in-flight call
// has returned (or ctx ends), so that no call is cut short by a close.
func (p *pool) close(ctx context.Context) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return p.wait(ctx)
	}
	p.closed = true
	for _, w := range p.waiters {
		close(w)
	}
	p.waiters = nil
	idle := p.idle
	p.idle = nil
	p.live -= len(idle)
	if p.inUse == 0 {
		close(p.drained)
	}
	p.mu.Unlock()
	for _, inst := range idle {
		inst.close()
	}
	return p.wait(ctx)
}

func (p *pool) wait(ctx context.Context) error {
	select {
	case <-p.drained:
		return nil
	case <-ctx.Done():
		p.mu.Lock()
		n := p.inUse
		p.mu.Unlock()
		return fmt.Errorf("wait for %d in-flight invocations: %w", n, ctx.Err())
	}
}

// stats reports instances in use and idle.
func (p *pool) stats() (inUse, idle int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inUse, len(p.idle)
}

package wasmrt

import (
	"context"
	"fmt"
	"sync"
)

// pool keeps an actor's warm instances and bounds how many are in use at once.
// Instances are created on demand up to the bound; a healthy instance goes back to the
// idle stack after its call, a broken one is closed.
type pool struct {
	slots  chan struct{} // one token per instance in use (or being created)
	done   chan struct{} // closed by close
	mu     sync.Mutex
	idle   []*instance
	closed bool
	newFn  func(context.Context) (*instance, error)
}

func newPool(max int, newFn func(context.Context) (*instance, error)) *pool {
	return &pool{slots: make(chan struct{}, max), done: make(chan struct{}), newFn: newFn}
}

// acquire returns an idle instance or a new one, waiting for a free slot until ctx ends.
func (p *pool) acquire(ctx context.Context) (*instance, error) {
	select {
	case p.slots <- struct{}{}:
	case <-p.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: all %d instances busy: %w", ErrBusy, cap(p.slots), ctx.Err())
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		<-p.slots
		return nil, ErrClosed
	}
	if n := len(p.idle); n > 0 {
		inst := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return inst, nil
	}
	p.mu.Unlock()
	inst, err := p.newFn(ctx)
	if err != nil {
		<-p.slots
		return nil, err
	}
	return inst, nil
}

// release returns inst to the pool when keep is true and the pool is open; otherwise the
// instance is closed.
func (p *pool) release(inst *instance, keep bool) {
	p.mu.Lock()
	if keep && !p.closed {
		p.idle = append(p.idle, inst)
		p.mu.Unlock()
	} else {
		p.mu.Unlock()
		inst.close()
	}
	<-p.slots
}

// put adds a freshly made instance to the idle stack (used to pre-warm).
func (p *pool) put(inst *instance) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		inst.close()
		return
	}
	p.idle = append(p.idle, inst)
}

// close stops new acquisitions, closes idle instances and waits until every in-flight call
// has returned (or ctx ends), so that no call is cut short by a close.
func (p *pool) close(ctx context.Context) error {
	p.mu.Lock()
	if !p.closed {
		close(p.done)
	}
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, inst := range idle {
		inst.close()
	}
	for i := 0; i < cap(p.slots); i++ {
		select {
		case p.slots <- struct{}{}:
		case <-ctx.Done():
			return fmt.Errorf("wait for %d in-flight invocations: %w", cap(p.slots)-i, ctx.Err())
		}
	}
	return nil
}

// stats reports instances in use and idle.
func (p *pool) stats() (inUse, idle int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.slots), len(p.idle)
}

package wasmrt

import (
	"sync/atomic"

	"github.com/tetratelabs/wazero/experimental"
)

// wasmPageSize is the size of one WebAssembly memory page.
const wasmPageSize = 65536

// limitedAllocator backs one instance's linear memory and refuses to grow it past a limit,
// so that memory.grow returns -1 instead of the runtime-wide maximum applying. It records
// the refusal so that the resulting failure can be reported as ErrMemoryLimit.
type limitedAllocator struct {
	limit   uint64 // bytes
	refused atomic.Bool
}

// Allocate implements experimental.MemoryAllocator.
func (a *limitedAllocator) Allocate(capacity, _ uint64) experimental.LinearMemory {
	if capacity > a.limit {
		capacity = a.limit
	}
	return &limitedMemory{alloc: a, buf: make([]byte, 0, capacity)}
}

// limitedMemory is a []byte that grows by copying, like wazero's default for non-shared memory.
type limitedMemory struct {
	alloc *limitedAllocator
	buf   []byte
}

// Reallocate implements experimental.LinearMemory.
func (m *limitedMemory) Reallocate(size uint64) []byte {
	if size > m.alloc.limit {
		m.alloc.refused.Store(true)
		return nil
	}
	if size <= uint64(cap(m.buf)) {
		m.buf = m.buf[:size]
		return m.buf
	}
	newCap := uint64(cap(m.buf)) * 2
	if newCap < size {
		newCap = size
	}
	if newCap > m.alloc.limit {
		newCap = m.alloc.limit
	}
	grown := make([]byte, size, newCap)
	copy(grown, m.buf)
	m.buf = grown
	return m.buf
}

// Free implements experimental.LinearMemory.
func (m *limitedMemory) Free() { m.buf = nil }

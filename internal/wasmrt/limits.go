package wasmrt

import (
	"fmt"
	"time"
)

// Defaults applied to zero fields of Limits.
const (
	DefaultMemoryPages  = 1024 // 64 MiB
	DefaultDeadline     = 10 * time.Second
	DefaultMaxInstances = 16
	DefaultMaxPayload   = 16 << 20 // 16 MiB
)

// Limits bound what one actor may use.
type Limits struct {
	// MemoryPages is the most linear memory one instance may have, in 64 KiB pages.
	MemoryPages uint32
	// Deadline bounds one invocation, host calls included; at the deadline the instance is
	// stopped (even inside an infinite loop) and discarded.
	Deadline time.Duration
	// MaxInstances bounds how many invocations of the actor run at once on this runtime.
	MaxInstances int
	// MaxPayload bounds the request payload of one invocation, in bytes.
	MaxPayload int
}

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.MemoryPages == 0 {
		l.MemoryPages = DefaultMemoryPages
	}
	if l.Deadline == 0 {
		l.Deadline = DefaultDeadline
	}
	if l.MaxInstances == 0 {
		l.MaxInstances = DefaultMaxInstances
	}
	if l.MaxPayload == 0 {
		l.MaxPayload = DefaultMaxPayload
	}
	return l
}

// Validate reports limits that cannot work.
func (l Limits) Validate() error {
	switch {
	case l.MemoryPages > 65536:
		return fmt.Errorf("memory limit %d pages is above the wasm32 maximum of 65536", l.MemoryPages)
	case l.Deadline < 0:
		return fmt.Errorf("deadline %s is negative", l.Deadline)
	case l.MaxInstances < 0:
		return fmt.Errorf("max instances %d is negative", l.MaxInstances)
	case l.MaxPayload < 0:
		return fmt.Errorf("max payload %d is negative", l.MaxPayload)
	}
	return nil
}

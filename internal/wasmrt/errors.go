package wasmrt

import (
	"errors"
	"fmt"
)

// Sentinel errors for what callers branch on; every returned error wraps one of them
// together with the actor's identity and the operation.
var (
	// ErrTrap means the guest trapped (e.g. `unreachable`, out-of-bounds access) or exited.
	ErrTrap = errors.New("actor trapped")
	// ErrDeadline means the invocation ran past its deadline and the instance was stopped.
	ErrDeadline = errors.New("invocation deadline exceeded")
	// ErrMemoryLimit means the guest tried to grow its memory past the actor's limit.
	ErrMemoryLimit = errors.New("memory limit exceeded")
	// ErrGuest means the guest handled the call and reported an error through __guest_error.
	ErrGuest = errors.New("actor returned an error")
	// ErrPayloadTooLarge means the request payload exceeds the actor's MaxPayload limit.
	ErrPayloadTooLarge = errors.New("payload too large")
	// ErrBusy means no instance became free before the caller's context ended.
	ErrBusy = errors.New("no free actor instance")
	// ErrClosed means the actor (or the runtime) has been closed.
	ErrClosed = errors.New("actor closed")
	// ErrInvalidModule means the module cannot be run: malformed, unsigned, badly signed,
	// importing functions the host does not provide, or missing required exports.
	ErrInvalidModule = errors.New("invalid actor module")
)

// InvocationError describes a failed invocation: which actor, which operation, and why.
type InvocationError struct {
	Actor     string // public key of the actor
	Name      string // display name from the claims, may be empty
	Operation string
	Err       error // wraps one of the sentinel errors above
}

// Error implements error.
func (e *InvocationError) Error() string {
	return fmt.Sprintf("actor %s: %s: %v", actorLabel(e.Actor, e.Name), e.Operation, e.Err)
}

// Unwrap lets errors.Is find the sentinel.
func (e *InvocationError) Unwrap() error { return e.Err }

// GuestError is the message an actor returned through __guest_error.
type GuestError struct {
	Message string
}

// Error implements error.
func (e *GuestError) Error() string { return e.Message }

// Is makes errors.Is(err, ErrGuest) true.
func (e *GuestError) Is(target error) bool { return target == ErrGuest }

func actorLabel(key, name string) string {
	if name == "" {
		return key
	}
	return fmt.Sprintf("%s (%s)", name, key)
}

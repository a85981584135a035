package lattice

import (
	"errors"
	"fmt"
)

// Errors that callers branch on with errors.Is. Returned errors wrap them with the invocation id,
// the operation and what was expected and found.
var (
	// ErrMalformedInvocation means an invocation cannot be decoded or lacks required parts.
	ErrMalformedInvocation = errors.New("malformed invocation")
	// ErrBadInvocationSignature means the invocation token is not a valid JWT signed by its iss.
	ErrBadInvocationSignature = errors.New("invalid invocation token")
	// ErrInvocationExpired means the invocation token's exp is in the past.
	ErrInvocationExpired = errors.New("invocation token expired")
	// ErrInvocationNotYetValid means the invocation token's nbf is in the future.
	ErrInvocationNotYetValid = errors.New("invocation token not yet valid")
	// ErrUntrustedIssuer means the token was signed by a cluster key the receiver does not trust.
	ErrUntrustedIssuer = errors.New("invocation signed by an untrusted cluster key")
	// ErrBadHostID means host_id is neither a host (N…) nor a cluster (C…) public key.
	ErrBadHostID = errors.New("invalid invocation host id")
	// ErrClaimsMismatch means the token was issued for another invocation id, origin or target.
	ErrClaimsMismatch = errors.New("invocation token does not match the invocation")
	// ErrWrongTarget means the invocation is addressed to another entity than the receiver.
	ErrWrongTarget = errors.New("invocation addressed to another target")
	// ErrHashMismatch means the payload's hash differs from the one the token signs.
	ErrHashMismatch = errors.New("invocation payload hash mismatch")
	// ErrPayloadTooLarge means the payload exceeds the receiver's limit.
	ErrPayloadTooLarge = errors.New("invocation payload too large")
	// ErrNoResponders means nothing serves the target's subject.
	ErrNoResponders = errors.New("no responders")
	// ErrRPCTimeout means no response arrived before the call's deadline.
	ErrRPCTimeout = errors.New("rpc timeout")
)

// RemoteError is the error a target reported in InvocationResponse.error.
type RemoteError struct {
	InvocationID string
	Operation    string
	Target       Entity
	Message      string // the response's error text
}

// Error implements error.
func (e *RemoteError) Error() string {
	return fmt.Sprintf("%s failed on %s (invocation %s): %s", e.Operation, e.Target.describe(), e.InvocationID, e.Message)
}

// invErrorf returns an error for inv wrapping sentinel: "invocation {id} ({op}): {sentinel}: {detail}".
func invErrorf(inv *Invocation, sentinel error, format string, args ...any) error {
	return fmt.Errorf("invocation %s (%s): %w: %s", inv.ID, inv.Operation, sentinel, fmt.Sprintf(format, args...))
}

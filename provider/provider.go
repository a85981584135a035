package provider

import (
	"context"

	"github.com/trellis-lattice/trellis/ctl"
)

// Provider is a capability provider: what Run calls as invocations, links, health checks and
// shutdown arrive. Run calls PutLink and DeleteLink from one goroutine, one at a time, and Handle
// and Health concurrently with them and with each other.
type Provider interface {
	// Contract returns the contract id the provider implements, e.g. "wasmcloud:keyvalue".
	Contract() string
	// PutLink is called when a link to the provider is added, or when its values change (the
	// new link then replaces the old one). A link counts as active only once PutLink returns nil;
	// after an error the link is retried on its next put.
	PutLink(ctx context.Context, link ctl.LinkDefinition) error
	// DeleteLink is called when an active link is removed; it is inactive already.
	DeleteLink(ctx context.Context, link ctl.LinkDefinition) error
	// Handle runs operation op for actorID, which has the active link link, and returns the
	// result payload. Its error is returned to the actor as the invocation's error.
	Handle(ctx context.Context, actorID string, link ctl.LinkDefinition, op string, payload []byte) ([]byte, error)
	// Health reports whether the provider can serve (nil) or why not; the error text becomes the
	// health reply's message.
	Health(ctx context.Context) error
	// Shutdown releases the provider's resources. Run calls it once, as it returns.
	Shutdown(ctx context.Context) error
}

// Initializer is implemented by providers that call actors or use the lattice connection: Run
// calls Init once, before any other method, with the Conn to keep. An error ends Run.
type Initializer interface {
	Init(ctx context.Context, c *Conn) error
}

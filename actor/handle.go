package actor

import (
	"context"

	"github.com/trellis-lattice/trellis/actor/internal/dispatch"
)

// HandlerFunc answers one operation. It receives the raw request payload
// (usually MessagePack, decoded with a contract package) and returns the raw
// response payload. A returned error fails the invocation; its text becomes
// the guest error message the caller sees.
type HandlerFunc func(ctx context.Context, payload []byte) ([]byte, error)

// Handle registers h as the handler for operation, which is matched exactly
// (for example "HttpServer.HandleRequest"). Call it from an init function.
//
// Handle panics if operation is empty, h is nil or operation already has a
// handler, so a wiring mistake stops the actor when it is loaded rather than
// on its first request. Registering "Actor.HealthRequest" replaces the
// built-in {healthy: true} answer.
func Handle(operation string, h HandlerFunc) {
	dispatch.Default.Register(operation, dispatch.Handler(h))
}

package main

import (
	"context"
	"errors"
	"strings"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/httpserver"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// unreachable are texts of host errors meaning the backend cannot serve now: no link or alias,
// actor not running, nothing listening, no answer in time, or (from the chat actors) "the chat
// store is unavailable, try again later".
var unreachable = []string{"Call alias not found", "not running", "no responders", "rpc timeout", "deadline exceeded", "unavailable"}

// backendError answers a failed backend call: 503 when the actor could not be reached (or the
// request was cancelled), otherwise answered with the actor's own message and status, which
// callers choose: 400 where the actor judges the client's input, 500 where it should not fail.
func backendError(err error, answered uint16) *httpserver.Response {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errorReply(503, err.Error())
	}
	he, ok := errors.AsType[*actor.HostError](err)
	if !ok {
		return errorReply(500, err.Error())
	}
	for _, s := range unreachable {
		if strings.Contains(he.Message, s) {
			return errorReply(503, he.Namespace+" is unavailable: "+chatapi.UserText(err))
		}
	}
	return errorReply(answered, chatapi.UserText(err))
}

package messaging

import (
	"context"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/wrap"
	"github.com/trellis-lattice/trellis/contract/messaging"
)

// SubMessage is a message delivered to the actor on a subscribed subject.
// ReplyTo is nil when the sender expects no reply.
type SubMessage = messaging.SubMessage

// HandlerOperation is the operation the provider invokes for each message.
const HandlerOperation = messaging.OpHandleMessage

// HandlerFunc handles one subscribed message.
type HandlerFunc func(ctx context.Context, msg *SubMessage) error

// HandleMessage registers h as the actor's MessageSubscriber.HandleMessage
// handler. Like actor.Handle, call it once, from init. The operation has no
// output: the actor answers with 0 bytes, or with h's error. To answer a
// request, [Publish] to msg.ReplyTo.
func HandleMessage(h HandlerFunc) {
	actor.Handle(HandlerOperation, func(ctx context.Context, payload []byte) ([]byte, error) {
		var msg SubMessage
		if err := msg.UnmarshalMsg(payload); err != nil {
			return nil, wrap.Err(HandlerOperation, err)
		}
		return nil, h(ctx, &msg)
	})
}

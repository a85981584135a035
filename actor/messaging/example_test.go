//go:build !wasip1

package messaging_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/messaging"
)

// A subscriber answers requests by publishing to their reply subject.
func ExampleHandleMessage() {
	_ = func() { // in an actor: func init() { ... }
		messaging.HandleMessage(func(ctx context.Context, msg *messaging.SubMessage) error {
			if msg.ReplyTo == nil {
				return nil
			}
			return messaging.Publish(ctx, *msg.ReplyTo, "", append([]byte("reply: "), msg.Body...))
		})
	}
}

func ExamplePublish() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Printf("%s %q\n", c.Operation, c.Payload)
		return nil, nil
	})

	err := messaging.Publish(ctx, "_INBOX.reply1", "", []byte("reply: hi there"))
	fmt.Println(err)
	// Output:
	// Messaging.Publish "\x82\xa7subject\xad_INBOX.reply1\xa4body\xc4\x0freply: hi there"
	// <nil>
}

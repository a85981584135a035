//go:build !wasip1

package telnet_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/telnet"
)

// An echo actor greets each session and sends every line back.
func ExampleHandleReceiveText() {
	_ = func() { // in an actor: func init() { ... }
		telnet.HandleSessionStarted(func(ctx context.Context, s *telnet.SessionStarted) error {
			return telnet.SendText(ctx, s.Session, "welcome\n> ")
		})
		telnet.HandleReceiveText(func(ctx context.Context, m *telnet.TextMessage) error {
			return telnet.SendText(ctx, m.Session, "you said: "+m.Text+"\n> ")
		})
	}
}

func ExampleSendText() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Printf("%s %s %q\n", c.Namespace, c.Operation, c.Payload)
		return nil, nil
	})

	err := telnet.SendText(ctx, "s-1", "hi\n")
	fmt.Println(err)
	// Output:
	// wasmcloud:telnet Telnet.SendText "\x82\xa7session\xa3s-1\xa4text\xa3hi\n"
	// <nil>
}

//go:build !wasip1

package actor_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
)

// An actor registers its handlers in init and leaves main empty:
//
//	func main() {}
func init() {
	actor.Handle("Pingpong.Ping", ping)
}

// ping answers Pingpong.Ping with the MessagePack str "pong".
func ping(context.Context, []byte) ([]byte, error) {
	return []byte("\xa4pong"), nil
}

// Natively, actortest.Invoke stands in for the host's guest call.
func ExampleHandle() {
	resp, err := actortest.Invoke(context.Background(), "Pingpong.Ping", nil)
	fmt.Printf("% x %v\n", resp, err)

	_, err = actortest.Invoke(context.Background(), "Pingpong.Pong", nil)
	fmt.Println(err)
	// Output:
	// a4 70 6f 6e 67 <nil>
	// Pingpong.Pong: No handler registered
}

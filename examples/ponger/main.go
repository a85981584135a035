// Command ponger is an example actor that answers Pingpong.Ping with the
// MessagePack string "pong". Its claims carry the call alias
// examples/ponger, through which examples/pinger calls it.
//
// It is also the smallest useful actor: it imports only package actor and
// writes its 5-byte reply by hand.
//
// Capability claims: none (actor-to-actor calls need none); call alias
// examples/ponger.
package main

import (
	"context"

	"github.com/trellis-lattice/trellis/actor"
)

// OpPing is the only operation of the Pingpong service.
const OpPing = "Pingpong.Ping"

// pong is the MessagePack str "pong": fixstr of length 4, then the bytes.
var pong = [...]byte{0xa4, 'p', 'o', 'n', 'g'}

func init() {
	actor.Handle(OpPing, ping)
}

func main() {}

// ping takes no input and returns the str "pong".
func ping(context.Context, []byte) ([]byte, error) {
	reply := pong
	return reply[:], nil
}

// Command pinger is an example actor that calls another actor: for every
// HTTP request it calls Pingpong.Ping on the actor with call alias
// examples/ponger and answers 200 with "Ping " followed by the reply, i.e.
// "Ping pong". If the call fails it answers 500 with the error text.
//
// Capability claims: wasmcloud:httpserver (calling an actor needs none).
package main

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/httpserver"
	"github.com/trellis-lattice/trellis/contract/codec"
)

// Ponger is the call alias of examples/ponger, and OpPing its operation.
const (
	Ponger = "examples/ponger"
	OpPing = "Pingpong.Ping"
)

func init() {
	httpserver.Handle(handle)
}

func main() {}

// handle pings the ponger and reports its answer.
func handle(ctx context.Context, _ *httpserver.Request) (*httpserver.Response, error) {
	reply, err := ping(ctx)
	if err != nil {
		return httpserver.NewResponse(500, []byte(err.Error())), nil
	}
	return httpserver.NewResponse(200, []byte("Ping "+reply)), nil
}

// ping calls Pingpong.Ping (no input, output String) on the ponger.
func ping(ctx context.Context) (string, error) {
	resp, err := actor.Call(ctx, Ponger, OpPing, nil)
	if err != nil {
		return "", err
	}
	reply, err := codec.DecodeString(resp)
	if err != nil {
		return "", fmt.Errorf("decode %s reply: %w", OpPing, err)
	}
	return reply, nil
}

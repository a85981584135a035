//go:build !wasip1

package actor_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
)

// Every actor answers the host's health check unless it registers its own
// Actor.HealthRequest handler.
func ExampleHandle_health() {
	resp, _ := actortest.Invoke(context.Background(), "Actor.HealthRequest", []byte{0x80})
	fmt.Printf("% x\n", resp)
	// Output: 81 a7 68 65 61 6c 74 68 79 c3
}

// HostCall reaches a capability provider by link name, contract id and
// operation. The payload and the response are MessagePack; the contract
// packages encode and decode them.
func ExampleHostCall() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Printf("%q %q %q % x\n", c.Binding, c.Namespace, c.Operation, c.Payload)
		return []byte{0x04}, nil // msgpack 4
	})

	resp, err := actor.HostCall(ctx, actor.DefaultLink, "wasmcloud:keyvalue", "KeyValue.Increment",
		[]byte("\x82\xa3key\xa1k\xa5value\x01"))
	fmt.Printf("% x %v\n", resp, err)
	// Output:
	// "default" "wasmcloud:keyvalue" "KeyValue.Increment" 82 a3 6b 65 79 a1 6b a5 76 61 6c 75 65 01
	// 04 <nil>
}

// A failed host call returns a *HostError carrying the host's message.
func ExampleHostError() {
	ctx := actortest.WithHost(context.Background(), func(context.Context, actortest.Call) ([]byte, error) {
		return nil, errors.New("Call alias not found: examples/ponger on default")
	})

	_, err := actor.Call(ctx, "examples/ponger", "Pingpong.Ping", nil)
	var he *actor.HostError
	if errors.As(err, &he) {
		fmt.Println(he.Message)
	}
	// Output: Call alias not found: examples/ponger on default
}

// Call reaches another actor by call alias or public key: the binding is
// empty and the namespace is the target.
func ExampleCall() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Printf("%q %q %q\n", c.Binding, c.Namespace, c.Operation)
		return []byte("\xa4pong"), nil
	})

	resp, _ := actor.Call(ctx, "examples/ponger", "Pingpong.Ping", nil)
	fmt.Printf("% x\n", resp)
	// Output:
	// "" "examples/ponger" "Pingpong.Ping"
	// a4 70 6f 6e 67
}

// Log sends one line to the builtin logger.
func ExampleLog() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Printf("%s %s %q\n", c.Namespace, c.Operation, c.Payload)
		return nil, nil
	})

	_ = actor.Log(ctx, actor.LevelDebug, "a debug!")
	// Output: wasmcloud:builtin:logging Logging.WriteLog "\x82\xa5level\xa5debug\xa4text\xa8a debug!"
}

//go:build !wasip1

package actortest_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
)

// The actor under test: one handler that makes a host call.
func init() {
	actor.Handle("Example.Count", func(ctx context.Context, _ []byte) ([]byte, error) {
		return actor.HostCall(ctx, "default", "wasmcloud:keyvalue", "KeyValue.Increment",
			[]byte("\x82\xa3key\xa1n\xa5value\x01"))
	})
}

// A Recorder answers host calls and remembers them for assertions.
func ExampleRecorder() {
	rec := &actortest.Recorder{Reply: func(context.Context, actortest.Call) ([]byte, error) {
		return []byte{0x01}, nil
	}}
	ctx := actortest.WithHost(context.Background(), rec.Host)
	resp, err := actortest.Invoke(ctx, "Example.Count", nil)
	fmt.Printf("% x %v\n", resp, err)
	for _, c := range rec.Calls() {
		fmt.Println(c.Binding, c.Namespace, c.Operation)
	}
	// Output:
	// 01 <nil>
	// default wasmcloud:keyvalue KeyValue.Increment
}

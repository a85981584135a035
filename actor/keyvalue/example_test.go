//go:build !wasip1

package keyvalue_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/keyvalue"
)

func ExampleIncrement() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Printf("%s %s %s %q\n", c.Binding, c.Namespace, c.Operation, c.Payload)
		return []byte{0x07}, nil // the provider's answer: msgpack 7
	})

	n, err := keyvalue.Increment(ctx, "counter::foo:bar", 1)
	fmt.Println(n, err)
	// Output:
	// default wasmcloud:keyvalue KeyValue.Increment "\x82\xa3key\xb0counter::foo:bar\xa5value\x01"
	// 7 <nil>
}

// Link reaches a second store linked under another name.
func ExampleLink() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Println(c.Binding, c.Operation)
		return []byte("\x82\xa5value\xa3hit\xa6exists\xc3"), nil
	})

	cache := keyvalue.Link("cache")
	v, ok, err := cache.Get(ctx, "page:/")
	fmt.Println(v, ok, err)
	// Output:
	// cache KeyValue.Get
	// hit true <nil>
}

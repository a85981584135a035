//go:build !wasip1

package numbergen_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/numbergen"
)

func ExampleRandomInRange() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Printf("%s %s % x\n", c.Namespace, c.Operation, c.Payload)
		return []byte{42}, nil
	})

	n, err := numbergen.RandomInRange(ctx, 0, 100)
	fmt.Println(n, err)
	// Output:
	// wasmcloud:builtin:numbergen NumberGen.RandomInRange 82 a3 6d 69 6e 00 a3 6d 61 78 64
	// 42 <nil>
}

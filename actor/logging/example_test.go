//go:build !wasip1

package logging_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/logging"
)

func ExampleInfof() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Printf("%s %q\n", c.Operation, c.Payload)
		return nil, nil
	})

	logging.Infof(ctx, "counter is %d", 7)
	// Output: Logging.WriteLog "\x82\xa5level\xa4info\xa4text\xaccounter is 7"
}

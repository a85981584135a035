// Command randlogger is an example actor that uses both builtins: for every
// HTTP request it takes a GUID and a random number in [0, 100] from
// wasmcloud:builtin:numbergen, logs them once at each level (debug, info,
// warn, error) through wasmcloud:builtin:logging, and answers 200 with a
// line naming both. If numbergen fails it answers 500 with the error text.
//
// Capability claims: wasmcloud:httpserver, wasmcloud:builtin:numbergen,
// wasmcloud:builtin:logging.
package main

import (
	"context"
	"strconv"

	"github.com/trellis-lattice/trellis/actor/httpserver"
	"github.com/trellis-lattice/trellis/actor/logging"
	"github.com/trellis-lattice/trellis/actor/numbergen"
)

func init() {
	httpserver.Handle(handle)
}

func main() {}

// handle draws the numbers, logs them and reports them.
func handle(ctx context.Context, _ *httpserver.Request) (*httpserver.Response, error) {
	guid, err := numbergen.GenerateGuid(ctx)
	if err != nil {
		return httpserver.NewResponse(500, []byte(err.Error())), nil
	}
	n, err := numbergen.RandomInRange(ctx, 0, 100)
	if err != nil {
		return httpserver.NewResponse(500, []byte(err.Error())), nil
	}
	logging.Debugf(ctx, "debug: guid %s, random %d", guid, n)
	logging.Infof(ctx, "info: guid %s, random %d", guid, n)
	logging.Warnf(ctx, "warn: guid %s, random %d", guid, n)
	logging.Errorf(ctx, "error: guid %s, random %d", guid, n)
	return httpserver.NewResponse(200, []byte("guid "+guid+", random "+strconv.FormatUint(uint64(n), 10)+"\n")), nil
}

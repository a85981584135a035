// Command messaging-nats is the wasmcloud:messaging capability provider on NATS, run by a
// Trellis host as a child process (see package providers/messaging-nats).
package main

import (
	"github.com/trellis-lattice/trellis/provider"
	messagingnats "github.com/trellis-lattice/trellis/providers/messaging-nats"
)

func main() { provider.Main(messagingnats.New(nil)) }

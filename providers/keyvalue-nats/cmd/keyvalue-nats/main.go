// Command keyvalue-nats is the wasmcloud:keyvalue capability provider on NATS JetStream
// key-value buckets, run by a Trellis host as a child process (see package
// providers/keyvalue-nats).
package main

import (
	"github.com/trellis-lattice/trellis/provider"
	keyvaluenats "github.com/trellis-lattice/trellis/providers/keyvalue-nats"
)

func main() { provider.Main(keyvaluenats.New(nil)) }

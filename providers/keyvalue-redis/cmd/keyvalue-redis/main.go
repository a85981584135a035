// Command keyvalue-redis is the wasmcloud:keyvalue capability provider on Redis, run by a Trellis
// host as a child process (see package providers/keyvalue-redis).
package main

import (
	"github.com/trellis-lattice/trellis/provider"
	keyvalueredis "github.com/trellis-lattice/trellis/providers/keyvalue-redis"
)

func main() { provider.Main(keyvalueredis.New(nil)) }

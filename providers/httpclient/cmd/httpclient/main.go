// Command httpclient runs the wasmcloud:httpclient capability provider as a child process of a
// Trellis host: it reads HostData from stdin and serves until the host shuts it down.
package main

import (
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/httpclient"
)

func main() { provider.Main(httpclient.New(nil)) }

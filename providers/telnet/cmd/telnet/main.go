// Command telnet runs the wasmcloud:telnet capability provider as a child process of a Trellis
// host: it reads HostData from stdin and serves until the host shuts it down.
package main

import (
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/telnet"
)

func main() { provider.Main(telnet.New(nil)) }

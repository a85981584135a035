// Command memkv runs provtest.MemKV as a provider process, for host tests.
package main

import (
	"github.com/trellis-lattice/trellis/internal/provtest"
	"github.com/trellis-lattice/trellis/provider"
)

func main() { provider.Main(provtest.NewMemKV()) }

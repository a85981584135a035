// Command blobstore-fs is the wasmcloud:blobstore capability provider on a local file system,
// run by a Trellis host as a child process (see package providers/blobstore-fs).
package main

import (
	"github.com/trellis-lattice/trellis/provider"
	blobstorefs "github.com/trellis-lattice/trellis/providers/blobstore-fs"
)

func main() { provider.Main(blobstorefs.New(nil)) }

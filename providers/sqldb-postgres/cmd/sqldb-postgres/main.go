// Command sqldb-postgres is the wasmcloud:sqldb capability provider on PostgreSQL, run by a
// Trellis host as a child process (see package providers/sqldb-postgres).
package main

import (
	"github.com/trellis-lattice/trellis/provider"
	sqldbpostgres "github.com/trellis-lattice/trellis/providers/sqldb-postgres"
)

func main() { provider.Main(sqldbpostgres.New(nil)) }

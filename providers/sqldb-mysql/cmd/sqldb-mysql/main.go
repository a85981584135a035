// Command sqldb-mysql is the wasmcloud:sqldb capability provider on MySQL and MariaDB, run by
// a Trellis host as a child process (see package providers/sqldb-mysql).
package main

import (
	"github.com/trellis-lattice/trellis/provider"
	sqldbmysql "github.com/trellis-lattice/trellis/providers/sqldb-mysql"
)

func main() { provider.Main(sqldbmysql.New(nil)) }

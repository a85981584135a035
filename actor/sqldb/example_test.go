//go:build !wasip1

package sqldb_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/sqldb"
)

func ExampleQuery() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Println(c.Binding, c.Namespace, c.Operation)
		// The provider's answer: one column "n" of type int8, one row [42].
		return []byte("\x83\xa7numRows\x01\xa7columns\x91\x83\xa7ordinal\x00\xa4name\xa1n\xa6dbType\xa4int8\xa4rows\xc4\x04\x81\x81\x18\x2a"), nil
	})

	r, err := sqldb.Query(ctx, "select count(*) as n from orders where customer = $1", "ada")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Columns[0].Name, r.Columns[0].DBType, r.Rows)
	// Output:
	// default wasmcloud:sqldb SqlDb.Query
	// n int8 [[42]]
}

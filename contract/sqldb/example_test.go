package sqldb_test

import (
	"fmt"

	"github.com/trellis-lattice/trellis/contract/sqldb"
)

// An actor builds the input of SqlDb.Query: the SQL text and its parameters, each one a CBOR
// value that the provider binds to $1, $2, ….
func ExampleStatement() {
	params, err := sqldb.EncodeParams("ada", 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	st := sqldb.Statement{SQL: "select * from users where name = $1 and age = $2", Parameters: params}
	payload := st.AppendMsg(nil)
	fmt.Printf("%s %s %d bytes, parameters % x | % x\n", sqldb.ContractID, sqldb.OpQuery, len(payload), params[0], params[1])
	// Output:
	// wasmcloud:sqldb SqlDb.Query 75 bytes, parameters 63 61 64 61 | 18 2a
}

// The provider answers with a QueryResult whose rows are CBOR; DecodeRows turns them into Go
// values.
func ExampleDecodeRows() {
	res := sqldb.QueryResult{
		NumRows: 2,
		Columns: []sqldb.Column{{Ordinal: 0, Name: "id", DBType: "int4"}, {Ordinal: 1, Name: "name", DBType: "text"}},
		Rows:    []byte{0x82, 0x82, 0x01, 0x63, 'a', 'd', 'a', 0x82, 0x02, 0xf6}, // [[1, "ada"], [2, null]]
	}
	var back sqldb.QueryResult
	if err := back.UnmarshalMsg(res.AppendMsg(nil)); err != nil {
		fmt.Println(err)
		return
	}
	rows, err := sqldb.DecodeRows(back.Rows)
	fmt.Println(back.Columns[1].Name, rows, err)
	// Output:
	// name [[1 ada] [2 <nil>]] <nil>
}

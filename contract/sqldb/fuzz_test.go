package sqldb_test

import (
	"testing"

	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

func FuzzStatement(f *testing.F) {
	codectest.Fuzz[sqldb.Statement](f,
		codectest.Hex(f, `83 a3 "sql" a1 "q" a8 "database" a2 "db" aa "parameters" 92 91 01 91 cc f6`),
		codectest.Hex(f, `82 aa "parameters" 92 c4 01 01 c4 01 f6 a3 "sql" a1 "q"`))
}

func FuzzExecuteResult(f *testing.F) {
	codectest.Fuzz[sqldb.ExecuteResult](f,
		codectest.Hex(f, `82 ac "rowsAffected" 00 a5 "error" 82 a4 "code" a2 "db" a7 "message" a4 "oops"`))
}

func FuzzQueryResult(f *testing.F) {
	codectest.Fuzz[sqldb.QueryResult](f,
		codectest.Hex(f, `83 a7 "numRows" 01 a7 "columns" 91 `+column0+` a4 "rows" c4 03 81 81 01`))
}

func FuzzDecodeRows(f *testing.F) {
	f.Add([]byte{0x81, 0x83, 0x01, 0xf6, 0x61, 'a'})
	f.Add([]byte{0x9f, 0x9f, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = sqldb.DecodeRows(data) // must not panic or allocate beyond the input
	})
}

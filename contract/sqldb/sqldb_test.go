package sqldb_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

// message is the method set shared by every sqldb structure.
type message interface {
	AppendMsg(b []byte) []byte
	UnmarshalMsg(b []byte) error
}

func ptr(s string) *string { return &s }

const (
	column0 = `83 a7 "ordinal" 00 a4 "name" a2 "id" a6 "dbType" a4 "int4"`
	column1 = `83 a7 "ordinal" 01 a4 "name" a4 "name" a6 "dbType" a7 "VARCHAR"`
)

func TestEncode(t *testing.T) {
	tests := []struct {
		name string
		msg  message
		want string
	}{
		{name: "Statement sql only", msg: &sqldb.Statement{SQL: "select 1"}, want: `81 a3 "sql" a8 "select 1"`},
		{
			name: "Statement database and parameters as u8 arrays",
			msg:  &sqldb.Statement{SQL: "q", Database: ptr("db"), Parameters: [][]byte{{0x01}, {0xf6}, nil}},
			want: `83 a3 "sql" a1 "q" a8 "database" a2 "db" aa "parameters" 93 91 01 91 cc f6 90`,
		},
		{name: "Statement empty database", msg: &sqldb.Statement{SQL: "q", Database: ptr("")}, want: `82 a3 "sql" a1 "q" a8 "database" a0`},
		{name: "ExecuteResult", msg: &sqldb.ExecuteResult{RowsAffected: 3}, want: `81 ac "rowsAffected" 03`},
		{name: "ExecuteResult u64 unsigned", msg: &sqldb.ExecuteResult{RowsAffected: 300}, want: `81 ac "rowsAffected" cd 01 2c`},
		{
			name: "ExecuteResult error",
			msg:  &sqldb.ExecuteResult{Error: &sqldb.SqlDbError{Code: sqldb.CodeDB, Message: "oops"}},
			want: `82 ac "rowsAffected" 00 a5 "error" 82 a4 "code" a2 "db" a7 "message" a4 "oops"`,
		},
		{
			name: "QueryResult",
			msg: &sqldb.QueryResult{NumRows: 1, Columns: []sqldb.Column{{Ordinal: 0, Name: "id", DBType: "int4"}, {Ordinal: 1, Name: "name", DBType: "VARCHAR"}},
				Rows: []byte{0x81, 0x82, 0x01, 0x61, 'a'}},
			want: `83 a7 "numRows" 01 a7 "columns" 92 ` + column0 + ` ` + column1 + ` a4 "rows" c4 05 81 82 01 61 "a"`,
		},
		{
			name: "QueryResult error",
			msg:  &sqldb.QueryResult{Error: &sqldb.SqlDbError{Code: sqldb.CodeIO, Message: "down"}},
			want: `84 a7 "numRows" 00 a7 "columns" 90 a4 "rows" c4 00 a5 "error" 82 a4 "code" a2 "io" a7 "message" a4 "down"`,
		},
		{name: "Column", msg: &sqldb.Column{Name: "id", DBType: "int4"}, want: column0},
		{name: "SqlDbError", msg: &sqldb.SqlDbError{Code: sqldb.CodeNotFound, Message: "m"}, want: `82 a4 "code" a8 "notFound" a7 "message" a1 "m"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := codectest.Hex(t, tt.want)
			if got := tt.msg.AppendMsg(nil); !bytes.Equal(got, want) {
				t.Fatalf("AppendMsg = %x\nwant %x", got, want)
			}
			back := reflect.New(reflect.TypeOf(tt.msg).Elem()).Interface().(message)
			if err := back.UnmarshalMsg(want); err != nil {
				t.Fatal(err)
			}
			if st, ok := tt.msg.(*sqldb.Statement); ok && st.Parameters != nil {
				// An empty parameter reads as nil, as every empty Blob does.
				for i, p := range st.Parameters {
					if len(p) == 0 {
						st.Parameters[i] = nil
					}
				}
			}
			if !reflect.DeepEqual(back, tt.msg) {
				t.Fatalf("UnmarshalMsg = %+v, want %+v", back, tt.msg)
			}
		})
	}
}

func TestDecodeTolerance(t *testing.T) {
	tests := []struct {
		name string
		in   string
		msg  message // decoded into
		want message
	}{
		{
			name: "Statement parameters as bin, other key order, unknown key",
			in:   `83 aa "parameters" 92 c4 01 01 c4 01 f6 a5 "extra" 91 c0 a3 "sql" a1 "q"`,
			msg:  &sqldb.Statement{}, want: &sqldb.Statement{SQL: "q", Parameters: [][]byte{{0x01}, {0xf6}}},
		},
		{
			name: "Statement nil optional members",
			in:   `83 a3 "sql" a1 "q" a8 "database" c0 aa "parameters" c0`,
			msg:  &sqldb.Statement{}, want: &sqldb.Statement{SQL: "q"},
		},
		{
			name: "Statement empty parameter list",
			in:   `82 a3 "sql" a1 "q" aa "parameters" 90`,
			msg:  &sqldb.Statement{}, want: &sqldb.Statement{SQL: "q"},
		},
		{
			name: "Statement parameters array16 of u8 in wide forms",
			in:   `82 a3 "sql" a1 "q" aa "parameters" dc 00 01 92 cd 00 f6 d0 01`,
			msg:  &sqldb.Statement{}, want: &sqldb.Statement{SQL: "q", Parameters: [][]byte{{0xf6, 0x01}}},
		},
		{
			name: "Statement missing sql reads empty",
			in:   `80`,
			msg:  &sqldb.Statement{}, want: &sqldb.Statement{},
		},
		{
			name: "ExecuteResult u64 as uint32, nil error",
			in:   `82 a5 "error" c0 ac "rowsAffected" ce 00 00 00 07`,
			msg:  &sqldb.ExecuteResult{}, want: &sqldb.ExecuteResult{RowsAffected: 7},
		},
		{
			name: "QueryResult rows as u8 array, error with unknown key",
			in:   `83 a4 "rows" 92 cc 81 00 a5 "error" 83 a1 "x" 01 a4 "code" a5 "other" a7 "message" a0 a7 "columns" 90`,
			msg:  &sqldb.QueryResult{}, want: &sqldb.QueryResult{Rows: []byte{0x81, 0x00}, Error: &sqldb.SqlDbError{Code: sqldb.CodeOther}},
		},
		{
			name: "QueryResult columns with unknown keys in any order",
			in:   `82 a7 "columns" 91 84 a6 "dbType" a4 "int4" a1 "y" c3 a4 "name" a2 "id" a7 "ordinal" cc 00 a7 "numRows" 00`,
			msg:  &sqldb.QueryResult{}, want: &sqldb.QueryResult{Columns: []sqldb.Column{{Name: "id", DBType: "int4"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.msg.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tt.msg, tt.want) {
				t.Fatalf("got %+v, want %+v", tt.msg, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		msg  message
		want string // substring of the error
	}{
		{name: "empty payload", in: ``, msg: &sqldb.Statement{}, want: "truncated"},
		{name: "not a map", in: `a1 "q"`, msg: &sqldb.Statement{}, want: "map"},
		{name: "trailing bytes", in: `81 a3 "sql" a1 "q" c0`, msg: &sqldb.Statement{}, want: "trailing"},
		{name: "parameters not a list", in: `81 aa "parameters" a1 "x"`, msg: &sqldb.Statement{}, want: "array"},
		{name: "parameter u8 out of range", in: `81 aa "parameters" 91 91 cd 01 00`, msg: &sqldb.Statement{}, want: "parameters element 0"},
		{name: "parameters count beyond data", in: `81 aa "parameters" dd ff ff ff ff`, msg: &sqldb.Statement{}, want: "truncated"},
		{name: "parameters array16 cut", in: `81 aa "parameters" dc 00`, msg: &sqldb.Statement{}, want: "truncated"},
		{name: "rowsAffected negative", in: `81 ac "rowsAffected" ff`, msg: &sqldb.ExecuteResult{}, want: "rowsAffected"},
		{name: "rowsAffected float", in: `81 ac "rowsAffected" cb 00 00 00 00 00 00 00 00`, msg: &sqldb.ExecuteResult{}, want: "float"},
		{name: "error not a map", in: `81 a5 "error" a1 "x"`, msg: &sqldb.ExecuteResult{}, want: "error"},
		{name: "column ordinal too big", in: `81 a7 "columns" 91 81 a7 "ordinal" cf 00 00 00 01 00 00 00 00`, msg: &sqldb.QueryResult{}, want: "columns element 0"},
		{name: "rows not a blob", in: `81 a4 "rows" c3`, msg: &sqldb.QueryResult{}, want: "rows"},
		{name: "column trailing bytes", in: column0 + ` c0`, msg: &sqldb.Column{}, want: "trailing"},
		{name: "error trailing bytes", in: `80 c0`, msg: &sqldb.SqlDbError{}, want: "trailing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.msg.UnmarshalMsg(codectest.Hex(t, tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("UnmarshalMsg error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if err := new(sqldb.Statement).UnmarshalMsg(codectest.Hex(t, `81 aa "parameters" dd ff ff ff ff`)); !errors.Is(err, codec.ErrTruncated) {
		t.Fatalf("huge count: %v, want codec.ErrTruncated", err)
	}
}

func TestSqlDbErrorIsError(t *testing.T) {
	var err error = &sqldb.SqlDbError{Code: sqldb.CodeDB, Message: `relation "x" does not exist`}
	if got := err.Error(); got != `sqldb db: relation "x" does not exist` {
		t.Fatalf("Error() = %q", got)
	}
}

//go:build !wasip1

package sqldb_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/internal/msgtest"
	"github.com/trellis-lattice/trellis/actor/sqldb"
)

// host answers one host call with reply after checking its target and payload.
func host(t *testing.T, link, op, payload, reply string) context.Context {
	return actortest.WithHost(t.Context(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		if c.Binding != link || c.Namespace != "wasmcloud:sqldb" || c.Operation != op {
			t.Errorf("call %s %s %s, want %s wasmcloud:sqldb %s", c.Binding, c.Namespace, c.Operation, link, op)
		}
		if want := msgtest.Hex(t, payload); string(c.Payload) != string(want) {
			t.Errorf("payload %x, want %x", c.Payload, want)
		}
		return msgtest.Hex(t, reply), nil
	})
}

func TestExecute(t *testing.T) {
	ctx := host(t, "default", "SqlDb.Execute",
		`82 a3 "sql" b4 "update t set a = $1 " aa "parameters" 91 91 02`, `81 ac "rowsAffected" 03`)
	n, err := sqldb.Execute(ctx, "update t set a = $1 ", 2)
	if err != nil || n != 3 {
		t.Fatalf("Execute = %d, %v", n, err)
	}
}

func TestQuery(t *testing.T) {
	ctx := host(t, "reports", "SqlDb.Query", `81 a3 "sql" a8 "select 1"`,
		`83 a7 "numRows" 01 a7 "columns" 91 83 a7 "ordinal" 00 a4 "name" a3 "one" a6 "dbType" a4 "int4" a4 "rows" c4 04 81 82 01 f6`)
	r, err := sqldb.Link("reports").Query(ctx, "select 1")
	want := &sqldb.Result{Columns: []sqldb.Column{{Name: "one", DBType: "int4"}}, Rows: [][]any{{int64(1), nil}}}
	if err != nil || !reflect.DeepEqual(r, want) {
		t.Fatalf("Query = %+v, %v", r, err)
	}
}

func TestResultError(t *testing.T) {
	reply := `82 ac "rowsAffected" 00 a5 "error" 82 a4 "code" a2 "db" a7 "message" a4 "oops"`
	_, err := sqldb.Execute(host(t, "default", "SqlDb.Execute", `81 a3 "sql" a1 "x"`, reply), "x")
	var se *sqldb.Error
	if !errors.As(err, &se) || se.Code != "db" || se.Message != "oops" {
		t.Fatalf("Execute error = %v", err)
	}
	reply = `84 a7 "numRows" 00 a7 "columns" 90 a4 "rows" c4 00 a5 "error" 82 a4 "code" a2 "io" a7 "message" a4 "down"`
	_, err = sqldb.Query(host(t, "default", "SqlDb.Query", `81 a3 "sql" a1 "x"`, reply), "x")
	if !errors.As(err, &se) || se.Code != "io" {
		t.Fatalf("Query error = %v", err)
	}
	_, err = sqldb.Query(host(t, "default", "SqlDb.Query", `81 a3 "sql" a1 "x"`, `83 a7 "numRows" 00 a7 "columns" 90 a4 "rows" c4 01 01`), "x")
	if err == nil || !strings.HasPrefix(err.Error(), "decode SqlDb.Query rows: ") {
		t.Fatalf("bad rows: %v", err)
	}
	if _, err := sqldb.Execute(t.Context(), "x", make(chan int)); err == nil {
		t.Fatal("unencodable argument accepted")
	}
}

func TestHostError(t *testing.T) {
	ctx := actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		return nil, errors.New("no link")
	})
	_, err := sqldb.Query(ctx, "select 1")
	var he *actor.HostError
	if !errors.As(err, &he) {
		t.Fatalf("Query with a failing host = %T %v, want *actor.HostError", err, err)
	}
}

// Package sqltest holds the tests both sqldb providers run (Suite: a table of cases, given the
// SQL dialect, the value mapping and the link values of each database) and the helpers they
// share: calling a provider's Handle with typed statements, skipping when a database server is
// unreachable (or failing under TRELLIS_REQUIRE_SERVICES=1), unique database names, a closed
// port and a TCP forwarder that plays a server going down and coming back. It is imported only
// by tests.
package sqltest

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

// RequireEnv makes an unreachable server a test failure instead of a skip when set to 1.
const RequireEnv = "TRELLIS_REQUIRE_SERVICES"

// Handler is a provider's Handle bound to one linked actor.
type Handler func(ctx context.Context, op string, payload []byte) ([]byte, error)

// Unreachable skips the test because what is unreachable, or fails it under RequireEnv=1.
func Unreachable(t testing.TB, what string, err error) {
	t.Helper()
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s is required (%s=1) but unreachable: %v", what, RequireEnv, err)
	}
	t.Skipf("%s is unreachable: %v", what, err)
}

var seq atomic.Int64

// DBName returns a database name unique to this process and call.
func DBName() string { return fmt.Sprintf("trellis_test_%d_%d", os.Getpid(), seq.Add(1)) }

// Statement builds a Statement with CBOR-encoded params.
func Statement(t testing.TB, sql string, params ...any) *sqldb.Statement {
	t.Helper()
	ps, err := sqldb.EncodeParams(params...)
	if err != nil {
		t.Fatal(err)
	}
	return &sqldb.Statement{SQL: sql, Parameters: ps}
}

// Exec runs st with SqlDb.Execute and returns the result; an invocation error fails the test.
func Exec(t testing.TB, h Handler, st *sqldb.Statement) *sqldb.ExecuteResult {
	t.Helper()
	out, err := h(t.Context(), sqldb.OpExecute, st.AppendMsg(nil))
	if err != nil {
		t.Fatalf("Execute %q: invocation error %v", st.SQL, err)
	}
	var r sqldb.ExecuteResult
	if err := r.UnmarshalMsg(out); err != nil {
		t.Fatalf("Execute %q: decode result: %v", st.SQL, err)
	}
	return &r
}

// MustExec runs sql with params and fails the test on any error.
func MustExec(t testing.TB, h Handler, sql string, params ...any) uint64 {
	t.Helper()
	r := Exec(t, h, Statement(t, sql, params...))
	if r.Error != nil {
		t.Fatalf("Execute %q: %v", sql, r.Error)
	}
	return r.RowsAffected
}

// Query runs st with op (SqlDb.Query or, with a bare-SQL payload, SqlDb.Fetch) and returns
// the result and its decoded rows; an invocation error or undecodable rows fail the test.
func Query(t testing.TB, h Handler, op string, st *sqldb.Statement) (*sqldb.QueryResult, [][]any) {
	t.Helper()
	payload := st.AppendMsg(nil)
	if op == sqldb.OpFetch {
		payload = codec.EncodeString(st.SQL)
	}
	out, err := h(t.Context(), op, payload)
	if err != nil {
		t.Fatalf("%s %q: invocation error %v", op, st.SQL, err)
	}
	var r sqldb.QueryResult
	if err := r.UnmarshalMsg(out); err != nil {
		t.Fatalf("%s %q: decode result: %v", op, st.SQL, err)
	}
	rows, err := sqldb.DecodeRows(r.Rows)
	if err != nil {
		t.Fatalf("%s %q: decode rows %x: %v", op, st.SQL, r.Rows, err)
	}
	if r.Error == nil && uint64(len(rows)) != r.NumRows {
		t.Fatalf("%s %q: numRows %d, but %d rows", op, st.SQL, r.NumRows, len(rows))
	}
	return &r, rows
}

// MustQuery runs sql with params and fails the test on any error.
func MustQuery(t testing.TB, h Handler, sql string, params ...any) (*sqldb.QueryResult, [][]any) {
	t.Helper()
	r, rows := Query(t, h, sqldb.OpQuery, Statement(t, sql, params...))
	if r.Error != nil {
		t.Fatalf("Query %q: %v", sql, r.Error)
	}
	return r, rows
}

// ClosedPort returns a local TCP address nothing listens on.
func ClosedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// Forward listens on addr and relays every connection to target, until the test ends.
func Forward(t testing.TB, addr, target string) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s again: %v", addr, err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	track := func(c net.Conn) {
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
	}
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			track(in)
			track(out)
			wg.Add(2)
			go func() { defer wg.Done(); _, _ = io.Copy(out, in); out.Close() }()
			go func() { defer wg.Done(); _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
}

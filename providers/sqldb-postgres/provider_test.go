package sqldbpostgres

import (
	"context"
	"log/slog"
	"net/url"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trellis-lattice/trellis/providers/internal/sqlrows"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows/sqltest"
)

// quiet drops the provider's logs.
var quiet = slog.New(slog.DiscardHandler)

// adminURL is the PostgreSQL server the tests use, as a URL whose user may create databases.
func adminURL() string {
	if u := os.Getenv("TRELLIS_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres"
}

// admin connects to the test server, skipping the test when it is unreachable.
func admin(t *testing.T) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, adminURL())
	if err != nil {
		sqltest.Unreachable(t, "PostgreSQL at "+adminURL()+" (TRELLIS_POSTGRES_URL or the default)", err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// newDatabase creates a database for the test, dropped when it ends, and returns its URL.
func newDatabase(t *testing.T) string {
	t.Helper()
	c := admin(t)
	name := sqltest.DBName()
	if _, err := c.Exec(t.Context(), "create database "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := c.Exec(context.Background(), "drop database if exists "+name+" with (force)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(adminURL())
	if err != nil {
		t.Fatalf("TRELLIS_POSTGRES_URL must be a URL for these tests: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// readdress returns the URL uri with the server address addr, and the address it had.
func readdress(t *testing.T, uri, addr string) (string, string) {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	was := u.Host
	u.Host = addr
	return u.String(), was
}

// suite is the shared sqldb provider tests on PostgreSQL.
var suite = sqltest.Suite[*Provider]{
	New:             func() *Provider { return New(quiet) },
	Server:          "postgres",
	NewDatabase:     newDatabase,
	Readdress:       readdress,
	Rebind:          sqltest.Dollars,
	Sleep:           "select pg_sleep(5)",
	CurrentDatabase: "select current_database()",
	Int64:           "bigint",
	MissingTable:    []string{`relation "nope" does not exist`},
	DuplicateKey:    "23505",
	Values: sqltest.ValueMapping{
		Create: `create table t (
	id int4 primary key, b bool, i2 int2, i8 int8, f4 float4, f8 float8, n numeric(10,2),
	tx text, vc varchar(10), ch char(3), u uuid, d date, tm time, ts timestamp, tz timestamptz,
	by bytea, ip inet, js jsonb, bits bit(4), arr int4[], iv interval)`,
		Row: []any{1, true, -7, int64(1) << 40, 1.5, 2.25, "12.5", "héllo", "vc", "ab",
			"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "2024-05-01", "12:34:56.5",
			"2024-05-01 12:00:00.25", "2024-05-01T14:00:00+02:00", []byte{0, 1, 0xff},
			"10.0.0.1", `{"a":1}`, "1010", "{1,2}", "1 day 2 hours"},
		Want: []any{int64(1), true, int64(-7), int64(1) << 40, 1.5, 2.25, "12.50", "héllo", "vc", "ab ",
			"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "2024-05-01", "12:34:56.5",
			"2024-05-01T12:00:00.25Z", "2024-05-01T12:00:00Z", []byte{0, 1, 0xff},
			"10.0.0.1", `{"a": 1}`, []byte("1010"), []byte("{1,2}"), "1 day 02:00:00"},
		Types: []string{"int4", "bool", "int2", "int8", "float4", "float8", "numeric", "text", "varchar", "bpchar",
			"uuid", "date", "time", "timestamp", "timestamptz", "bytea", "inet", "jsonb", "bit", "_int4", "interval"},
		Last: "iv",
		Queries: []sqltest.Select{
			{SQL: "select * from t order by id"},
			{SQL: "select * from t where id = any(?) order by id", Params: []any{[]any{1, 2}}},
		},
	},
	Links: sqltest.Links[*Provider]{
		Bad: []sqltest.BadLink{
			{Values: nil, Want: "missing uri value"},
			{Values: map[string]string{"uri": "postgres://x:-1/db"}, Want: "invalid uri value"},
			{Values: map[string]string{"URI": "postgres://127.0.0.1/db", "max_connections": "0"}, Want: `invalid max_connections value "0"`},
			{Values: map[string]string{"uri": "postgres://127.0.0.1/db", "Statement_Timeout": "soon"}, Want: `invalid statement_timeout value "soon"`},
			{Values: map[string]string{"uri": "postgres://127.0.0.1/db", "max_result_bytes": "-5"}, Want: `invalid max_result_bytes value "-5"`},
		},
		Good: map[string]string{"Uri": "postgres://u:secret@127.0.0.1:1/db1", "max_connections": "3"},
		CheckGood: func(t *testing.T, p *Provider) {
			pl, ok := sqlrows.Linked(p.shell, sqltest.ActorPK)
			if !ok || pl.database != "db1" || pl.addr != "127.0.0.1:1" || pl.db.Config().MaxConns != 3 {
				t.Fatalf("pool = %+v", pl)
			}
		},
	},
}

func TestProvider(t *testing.T) { suite.Test(t) }

func TestWireForms(t *testing.T) {
	_, h := suite.Linked(t, nil)
	// oid is an unsigned integer, float4 a single-precision float, int4 a negative integer.
	r, _ := sqltest.MustQuery(t, h, "select 1259::oid, 1.5::float4, -1::int4, 'infinity'::timestamptz")
	want := []byte{0x81, 0x84, 0x19, 0x04, 0xeb, 0xfa, 0x3f, 0xc0, 0x00, 0x00, 0x20, 0x68}
	want = append(want, "infinity"...)
	if string(r.Rows) != string(want) {
		t.Fatalf("rows = %x, want %x", r.Rows, want)
	}
	if r.Columns[0].DBType != "oid" || r.Columns[0].Name != "oid" {
		t.Fatalf("columns = %+v", r.Columns)
	}
}

func TestUnknownType(t *testing.T) {
	_, h := suite.Linked(t, nil)
	sqltest.MustExec(t, h, "create type mood as enum ('sad', 'happy')")
	r, rows := sqltest.MustQuery(t, h, "select 'happy'::mood as m")
	if r.Columns[0].DBType != "mood" || !reflect.DeepEqual(rows, [][]any{{[]byte("happy")}}) {
		t.Fatalf("columns %+v rows %#v", r.Columns, rows)
	}
}

// Without parameters Execute uses the simple protocol, so one Execute may hold several
// statements.
func TestMultiStatementExecute(t *testing.T) {
	_, h := suite.Linked(t, nil)
	if n := sqltest.MustExec(t, h, "create table k (id int8 primary key, v text); insert into k values (1, 'a'), (2, 'b')"); n != 2 {
		t.Fatalf("multi-statement Execute affected %d", n)
	}
	_, rows := sqltest.MustQuery(t, h, "select id, v from k order by id")
	if want := [][]any{{int64(1), "a"}, {int64(2), "b"}}; !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows %#v", rows)
	}
}

package sqldbmysql

import (
	"context"
	"database/sql"
	"log/slog"
	"math"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows/sqltest"
)

// quiet drops the provider's logs.
var quiet = slog.New(slog.DiscardHandler)

// adminDSN is the MySQL/MariaDB server the tests use, as a DSN whose user may create databases.
func adminDSN() string {
	if u := os.Getenv("TRELLIS_MYSQL_URL"); u != "" {
		return u
	}
	return "root@tcp(127.0.0.1:3306)/"
}

// admin connects to the test server, skipping the test when it is unreachable.
func admin(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", adminDSN())
	if err != nil {
		t.Fatalf("TRELLIS_MYSQL_URL: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		sqltest.Unreachable(t, "MySQL at "+adminDSN()+" (TRELLIS_MYSQL_URL or the default)", err)
	}
	return db
}

// newDatabase creates a database for the test, dropped when it ends, and returns its DSN.
func newDatabase(t *testing.T) string {
	t.Helper()
	db := admin(t)
	name := sqltest.DBName()
	if _, err := db.ExecContext(t.Context(), "create database "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), "drop database if exists "+name); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	cfg, err := mysql.ParseDSN(adminDSN())
	if err != nil {
		t.Fatal(err)
	}
	cfg.DBName = name
	return cfg.FormatDSN()
}

// readdress returns the DSN dsn with the server address addr, and the address it had.
func readdress(t *testing.T, dsn, addr string) (string, string) {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	was := cfg.Addr
	cfg.Addr = addr
	return cfg.FormatDSN(), was
}

// suite is the shared sqldb provider tests on MySQL/MariaDB.
var suite = sqltest.Suite[*Provider]{
	New:             func() *Provider { return New(quiet) },
	Server:          "mysql",
	NewDatabase:     newDatabase,
	Readdress:       readdress,
	Sleep:           "select sleep(5)",
	CurrentDatabase: "select database()",
	Int64:           "signed",
	MissingTable:    []string{"1146", "nope"},
	DuplicateKey:    "Duplicate entry",
	RefusesArrays:   true,
	TimeoutCode:     sqldb.CodeIO,
	// Without parameters the server answers in the text protocol, with them in the binary
	// protocol: both map the same.
	Values: sqltest.ValueMapping{
		Create: `create table t (
	id INT PRIMARY KEY, b TINYINT(1), ti TINYINT, si SMALLINT, bi BIGINT, ub BIGINT UNSIGNED,
	f FLOAT, d DOUBLE, dec1 DECIMAL(10,2), vc VARCHAR(20), tx TEXT, ch CHAR(3), dt DATE, tm TIME,
	dtm DATETIME(3), ts TIMESTAMP NULL, bl BLOB, vb VARBINARY(10), en ENUM('a','b'), yr YEAR)`,
		Row: []any{1, true, -7, -300, int64(1) << 40, uint64(math.MaxUint64), 1.5, 2.25, "12.5", "héllo",
			"text", "ab", "2024-05-01", "12:34:56", "2024-05-01 12:00:00.250", "2024-05-01 12:00:00",
			[]byte{0, 1, 0xff}, []byte{1}, "b", 2024},
		Want: []any{int64(1), int64(1), int64(-7), int64(-300), int64(1) << 40, uint64(math.MaxUint64), 1.5, 2.25,
			"12.50", "héllo", "text", "ab", "2024-05-01", "12:34:56", "2024-05-01T12:00:00.25Z",
			"2024-05-01T12:00:00Z", []byte{0, 1, 0xff}, []byte{1}, "b", int64(2024)},
		Types: []string{"INT", "TINYINT", "TINYINT", "SMALLINT", "BIGINT", "UNSIGNED BIGINT", "FLOAT", "DOUBLE",
			"DECIMAL", "VARCHAR", "TEXT", "CHAR", "DATE", "TIME", "DATETIME", "TIMESTAMP", "BLOB", "VARBINARY", "ENUM", "YEAR"},
		Last: "yr",
		Queries: []sqltest.Select{
			{SQL: "select * from t order by id"},
			{SQL: "select * from t where id >= ? order by id", Params: []any{0}},
		},
	},
	Links: sqltest.Links[*Provider]{
		Bad: []sqltest.BadLink{
			{Values: nil, Want: "missing uri value"},
			{Values: map[string]string{"uri": "http://127.0.0.1/db"}, Want: "invalid uri value: scheme http"},
			{Values: map[string]string{"uri": "mysql://u:secret@127.0.0.1:x/db"}, Want: "invalid uri value: not a URL"},
			{Values: map[string]string{"uri": "root@tcp(127.0.0.1:3306)"}, Want: "invalid uri value"},
			{Values: map[string]string{"URI": "root@tcp(127.0.0.1)/db", "max_connections": "many"}, Want: `invalid max_connections value "many"`},
		},
		Good: map[string]string{"Uri": "mysql://u:p%40ss%2Fw@db.example/db1?readTimeout=3s"},
		CheckGood: func(t *testing.T, p *Provider) {
			d, ok := sqlrows.Linked(p.shell, sqltest.ActorPK)
			if !ok || d.name != "db1" || d.addr != "db.example:3306" || d.db.Stats().MaxOpenConnections != 10 {
				t.Fatalf("database = %+v", d)
			}
		},
	},
}

func TestProvider(t *testing.T) { suite.Test(t) }

func TestParseURI(t *testing.T) {
	cfg, err := parseURI("mysql://u:p%40ss%2Fw@db.example/db1?readTimeout=3s")
	if err != nil || cfg.User != "u" || cfg.Passwd != "p@ss/w" || cfg.ReadTimeout != 3*time.Second {
		t.Fatalf("URL form: %+v, %v", cfg, err)
	}
}

func TestWireForms(t *testing.T) {
	_, h := suite.Linked(t, nil)
	sqltest.MustExec(t, h, "create table w (u INT UNSIGNED, f FLOAT, i INT)")
	sqltest.MustExec(t, h, "insert into w values (?, ?, ?)", 1259, 1.5, -1)
	// An unsigned column is a CBOR unsigned integer, FLOAT a single-precision float.
	r, _ := sqltest.MustQuery(t, h, "select u, f, i from w")
	if want := []byte{0x81, 0x83, 0x19, 0x04, 0xeb, 0xfa, 0x3f, 0xc0, 0x00, 0x00, 0x20}; string(r.Rows) != string(want) {
		t.Fatalf("rows = %x, want %x", r.Rows, want)
	}
}

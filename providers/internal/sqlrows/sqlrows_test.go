package sqlrows

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

func TestParseOptions(t *testing.T) {
	tests := []struct {
		values  map[string]string
		want    Options
		wantErr string
	}{
		{values: map[string]string{"uri": " postgres://h/db "}, want: Options{URI: "postgres://h/db", MaxConnections: 10, MaxResultBytes: 16 << 20}},
		{
			values: map[string]string{"URI": "u", "Max_Connections": "3", "statement_timeout": "1500", "MAX_RESULT_BYTES": "100"},
			want:   Options{URI: "u", MaxConnections: 3, StatementTimeout: 1500 * time.Millisecond, MaxResultBytes: 100},
		},
		{values: map[string]string{"uri": "u", "statement_timeout": "2s"}, want: Options{URI: "u", MaxConnections: 10, StatementTimeout: 2 * time.Second, MaxResultBytes: 16 << 20}},
		{values: map[string]string{"uri": "u", "statement_timeout": "", "max_connections": ""}, want: Options{URI: "u", MaxConnections: 10, MaxResultBytes: 16 << 20}},
		{values: nil, wantErr: "missing uri value"},
		{values: map[string]string{"uri": "  "}, wantErr: "missing uri value"},
		{values: map[string]string{"uri": "u", "max_connections": "-1"}, wantErr: `invalid max_connections value "-1": want a positive whole number`},
		{values: map[string]string{"uri": "u", "max_result_bytes": "1e6"}, wantErr: `invalid max_result_bytes value "1e6"`},
		{values: map[string]string{"uri": "u", "statement_timeout": "-1s"}, wantErr: `invalid statement_timeout value "-1s"`},
		{values: map[string]string{"uri": "u", "statement_timeout": "later"}, wantErr: `invalid statement_timeout value "later"`},
	}
	for _, tt := range tests {
		got, err := ParseOptions(tt.values)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseOptions(%v) error = %v, want %q", tt.values, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseOptions(%v) = %+v, %v, want %+v", tt.values, got, err, tt.want)
		}
	}
}

func TestWriter(t *testing.T) {
	w := NewWriter(100)
	w.StartRow(9)
	w.Null()
	w.Bool(true)
	w.Int(-1)
	w.Uint(24)
	w.Float32(1.5)
	w.Float64(1.5)
	w.String("a")
	w.Text([]byte{0xff}) // not UTF-8: a byte string
	w.Time(time.Date(2024, 5, 1, 14, 0, 0, 5e8, time.FixedZone("", 2*3600)))
	if err := w.EndRow(); err != nil {
		t.Fatal(err)
	}
	n, rows := w.Rows()
	want := []byte{0x81, 0x89, 0xf6, 0xf5, 0x20, 0x18, 24, 0xfa, 0x3f, 0xc0, 0, 0, 0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x61, 'a', 0x41, 0xff, 0x76}
	want = append(want, "2024-05-01T12:00:00.5Z"...)
	if n != 1 || string(rows) != string(want) {
		t.Fatalf("rows %d %x\nwant %x", n, rows, want)
	}

	w = NewWriter(10)
	w.StartRow(1)
	w.Bytes(make([]byte, 20))
	err := w.EndRow()
	if !errors.Is(err, ErrResultTooLarge) || !strings.Contains(err.Error(), "exceeds 10 bytes (link value max_result_bytes) at row 1") {
		t.Fatalf("over the limit: %v", err)
	}
}

// fakeBackend records what Dispatch passes and returns canned results.
type fakeBackend struct {
	db       string
	sql      string
	args     []any
	deadline bool
	err      error
}

func (f *fakeBackend) Database() string { return f.db }

func (f *fakeBackend) Exec(ctx context.Context, sql string, args []any) (uint64, error) {
	f.sql, f.args = sql, args
	_, f.deadline = ctx.Deadline()
	return 7, f.err
}

func (f *fakeBackend) Query(ctx context.Context, sql string, args []any, w *Writer) ([]sqldb.Column, error) {
	f.sql, f.args = sql, args
	_, f.deadline = ctx.Deadline()
	if f.err != nil {
		return nil, f.err
	}
	w.StartRow(1)
	w.Int(1)
	if err := w.EndRow(); err != nil {
		return nil, err
	}
	return []sqldb.Column{{Name: "one", DBType: "int4"}}, nil
}

func TestDispatch(t *testing.T) {
	opts := Options{MaxResultBytes: 100}
	ctx := t.Context()
	st := func(sql string, db *string, params ...any) []byte {
		ps, err := sqldb.EncodeParams(params...)
		if err != nil {
			t.Fatal(err)
		}
		return (&sqldb.Statement{SQL: sql, Database: db, Parameters: ps}).AppendMsg(nil)
	}
	execute := func(b Backend, o Options, payload []byte) sqldb.ExecuteResult {
		t.Helper()
		out, err := Dispatch(ctx, b, o, sqldb.OpExecute, payload)
		var r sqldb.ExecuteResult
		if err != nil || r.UnmarshalMsg(out) != nil {
			t.Fatalf("Execute: %x, %v", out, err)
		}
		return r
	}
	query := func(b Backend, op string, payload []byte) sqldb.QueryResult {
		t.Helper()
		out, err := Dispatch(ctx, b, opts, op, payload)
		var r sqldb.QueryResult
		if err != nil || r.UnmarshalMsg(out) != nil {
			t.Fatalf("%s: %x, %v", op, out, err)
		}
		return r
	}

	f := &fakeBackend{db: "main"}
	if r := execute(f, opts, st("update x set a = $1", nil, "v", nil)); r.RowsAffected != 7 || r.Error != nil ||
		f.sql != "update x set a = $1" || !reflect.DeepEqual(f.args, []any{"v", nil}) || f.deadline {
		t.Fatalf("Execute: %+v, backend %+v", r, f)
	}
	if r := execute(f, Options{StatementTimeout: time.Second}, codec.EncodeString("delete from x")); r.RowsAffected != 7 || f.sql != "delete from x" || !f.deadline {
		t.Fatalf("legacy Execute with a timeout: %+v, backend %+v", r, f)
	}
	if r := query(f, sqldb.OpQuery, st("select 1", nil)); r.NumRows != 1 || string(r.Rows) != "\x81\x81\x01" || r.Columns[0].Name != "one" {
		t.Fatalf("Query: %+v", r)
	}
	if r := query(f, sqldb.OpFetch, codec.EncodeString("select 2")); r.NumRows != 1 || f.sql != "select 2" {
		t.Fatalf("Fetch: %+v", r)
	}
	own := "main"
	if r := query(f, sqldb.OpQuery, st("select 3", &own)); r.Error != nil {
		t.Fatalf("the link's database: %v", r.Error)
	}
	other := "other"
	f.sql = ""
	if r := query(f, sqldb.OpQuery, st("select 4", &other)); r.Error == nil || r.Error.Code != sqldb.CodeConfig || f.sql != "" {
		t.Fatalf("another database: %+v", r.Error)
	}
	bad := (&sqldb.Statement{SQL: "select $1", Parameters: [][]byte{{0xff}}}).AppendMsg(nil)
	if r := execute(f, opts, bad); r.Error == nil || r.Error.Code != sqldb.CodeDecoding {
		t.Fatalf("bad parameter: %+v", r.Error)
	}
	f.err = &sqldb.SqlDbError{Code: sqldb.CodeDB, Message: "syntax"}
	if r := query(f, sqldb.OpQuery, st("selec", nil)); r.Error == nil || *r.Error != *f.err.(*sqldb.SqlDbError) || r.NumRows != 0 {
		t.Fatalf("backend error: %+v", r)
	}
	f.err = errors.New("boom")
	if r := execute(f, opts, st("x", nil)); r.Error == nil || r.Error.Code != sqldb.CodeProvider || r.Error.Message != "boom" {
		t.Fatalf("plain backend error: %+v", r.Error)
	}
	f.err = nil
	if r := query(f, sqldb.OpQuery, st("select 1", nil)); r.Error != nil {
		t.Fatal(r.Error)
	}
	if r := query(f, sqldb.OpQuery, st("select 1", nil)); r.Error != nil {
		t.Fatal(r.Error)
	}
	tiny := Options{MaxResultBytes: 1}
	out, _ := Dispatch(ctx, f, tiny, sqldb.OpQuery, st("select 1", nil))
	var r sqldb.QueryResult
	if r.UnmarshalMsg(out) != nil || r.Error == nil || r.Error.Code != sqldb.CodeProvider || !strings.Contains(r.Error.Message, "max_result_bytes") {
		t.Fatalf("over the limit: %+v", r)
	}

	if _, err := Dispatch(ctx, f, opts, "SqlDb.Ping", nil); err == nil || err.Error() != "SqlDb.Ping: unknown operation of wasmcloud:sqldb" {
		t.Fatalf("unknown op: %v", err)
	}
	for _, op := range []string{sqldb.OpExecute, sqldb.OpQuery, sqldb.OpFetch} {
		if _, err := Dispatch(ctx, f, opts, op, nil); err == nil || !strings.HasPrefix(err.Error(), op+": ") {
			t.Fatalf("%s with an empty payload: %v", op, err)
		}
	}
}

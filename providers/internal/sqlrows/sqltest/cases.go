package sqltest

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

func (s *Suite[P]) testValueMapping(t *testing.T) {
	v := s.Values
	_, h := s.Linked(t, nil)
	MustExec(t, h, v.Create)
	insert := s.sql("insert into t values (?" + strings.Repeat(",?", len(v.Row)-1) + ")")
	if n := MustExec(t, h, insert, v.Row...); n != 1 {
		t.Fatalf("insert affected %d rows", n)
	}
	nulls := make([]any, len(v.Row))
	nulls[0] = 2
	MustExec(t, h, insert, nulls...)

	want := [][]any{v.Want, append([]any{int64(2)}, make([]any, len(v.Row)-1)...)}
	for _, q := range v.Queries {
		r, rows := Query(t, h, sqldb.OpQuery, Statement(t, s.sql(q.SQL), q.Params...))
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		if len(r.Columns) != len(v.Types) {
			t.Fatalf("columns = %+v", r.Columns)
		}
		for i, c := range r.Columns {
			if c.Ordinal != uint32(i) || c.DBType != v.Types[i] {
				t.Errorf("%s: column %d = %+v, want type %s", q.SQL, i, c, v.Types[i])
			}
		}
		if last := len(r.Columns) - 1; r.Columns[0].Name != "id" || r.Columns[last].Name != v.Last {
			t.Errorf("column names %q, %q", r.Columns[0].Name, r.Columns[last].Name)
		}
		if r.NumRows != 2 || !reflect.DeepEqual(rows, want) {
			t.Fatalf("%s: rows =\n%#v\nwant\n%#v", q.SQL, rows, want)
		}
	}
}

func (s *Suite[P]) testStatements(t *testing.T) {
	_, h := s.Linked(t, nil)
	MustExec(t, h, "create table k (id BIGINT PRIMARY KEY, v TEXT)")
	if n := MustExec(t, h, s.sql("insert into k values (?, ?), (?, ?)"), 1, "a", 2, "b"); n != 2 {
		t.Fatalf("insert affected %d", n)
	}
	if n := MustExec(t, h, s.sql("update k set v = ?"), "z"); n != 2 {
		t.Fatalf("update affected %d", n)
	}

	t.Run("legacy bare-SQL Execute and Fetch", func(t *testing.T) {
		out, err := h(t.Context(), sqldb.OpExecute, codec.EncodeString("delete from k where id = 2"))
		var er sqldb.ExecuteResult
		if err != nil || er.UnmarshalMsg(out) != nil || er.RowsAffected != 1 || er.Error != nil {
			t.Fatalf("legacy Execute: %+v, %v", er, err)
		}
		r, rows := Query(t, h, sqldb.OpFetch, &sqldb.Statement{SQL: "select id, v from k"})
		if r.Error != nil || !reflect.DeepEqual(rows, [][]any{{int64(1), "z"}}) || r.Columns[1].Name != "v" {
			t.Fatalf("Fetch: %+v %#v", r, rows)
		}
	})

	t.Run("sql errors in the result", func(t *testing.T) {
		r, _ := Query(t, h, sqldb.OpQuery, Statement(t, "select * from nope"))
		if r.Error == nil || r.Error.Code != sqldb.CodeDB || !containsAll(r.Error.Message, s.MissingTable) {
			t.Fatalf("query of a missing table: %+v, want a message with %q", r.Error, s.MissingTable)
		}
		insert := s.sql("insert into k values (?, ?)")
		er := Exec(t, h, Statement(t, insert, 1, "dup"))
		if er.Error == nil || er.Error.Code != sqldb.CodeDB || !strings.Contains(er.Error.Message, s.DuplicateKey) {
			t.Fatalf("duplicate key: %+v", er.Error)
		}
		er = Exec(t, h, Statement(t, insert, 3))
		if er.Error == nil || er.Error.Code != sqldb.CodeDB {
			t.Fatalf("missing parameter: %+v", er.Error)
		}
		if !s.RefusesArrays {
			return
		}
		er = Exec(t, h, Statement(t, insert, 3, []any{1}))
		if er.Error == nil || er.Error.Code != sqldb.CodeEncoding || !strings.Contains(er.Error.Message, "parameter 2") {
			t.Fatalf("array parameter: %+v", er.Error)
		}
	})

	t.Run("parameter that is not CBOR", func(t *testing.T) {
		er := Exec(t, h, &sqldb.Statement{SQL: s.sql("select ?"), Parameters: [][]byte{{0x18}}})
		if er.Error == nil || er.Error.Code != sqldb.CodeDecoding || !strings.Contains(er.Error.Message, "parameter 1") {
			t.Fatalf("bad CBOR parameter: %+v", er.Error)
		}
	})

	t.Run("database member", func(t *testing.T) {
		st := Statement(t, "select 1")
		other := "elsewhere"
		st.Database = &other
		r, _ := Query(t, h, sqldb.OpQuery, st)
		if r.Error == nil || r.Error.Code != sqldb.CodeConfig || !strings.Contains(r.Error.Message, "one link serves one database") {
			t.Fatalf("other database: %+v", r.Error)
		}
		_, rows := MustQuery(t, h, s.CurrentDatabase)
		same := rows[0][0].(string)
		st.Database = &same
		if r, _ := Query(t, h, sqldb.OpQuery, st); r.Error != nil {
			t.Fatalf("the link's own database: %v", r.Error)
		}
	})

	t.Run("unknown operation and bad payload", func(t *testing.T) {
		if _, err := h(t.Context(), "SqlDb.Nope", nil); err == nil || err.Error() != "SqlDb.Nope: unknown operation of wasmcloud:sqldb" {
			t.Fatalf("unknown op: %v", err)
		}
		if _, err := h(t.Context(), sqldb.OpQuery, []byte{0x01}); err == nil || !strings.HasPrefix(err.Error(), "SqlDb.Query: ") {
			t.Fatalf("bad payload: %v", err)
		}
	})
}

// containsAll reports whether s holds every one of subs.
func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func (s *Suite[P]) testResultLimit(t *testing.T) {
	_, h := s.Linked(t, map[string]string{"MAX_RESULT_BYTES": "1000"})
	MustExec(t, h, "create table big (v TEXT)")
	for range 50 {
		MustExec(t, h, s.sql("insert into big values (?)"), strings.Repeat("x", 100))
	}
	r, _ := MustQuery(t, h, "select 1 from big")
	if r.NumRows != 50 {
		t.Fatalf("small result: %d rows", r.NumRows)
	}
	r, _ = Query(t, h, sqldb.OpQuery, Statement(t, "select v from big"))
	if r.Error == nil || r.Error.Code != sqldb.CodeProvider || !strings.Contains(r.Error.Message, "max_result_bytes") || r.NumRows != 0 {
		t.Fatalf("large result: %+v", r)
	}
}

func (s *Suite[P]) testStatementTimeout(t *testing.T) {
	_, h := s.Linked(t, map[string]string{"statement_timeout": "200ms"})
	start := time.Now()
	r, _ := Query(t, h, sqldb.OpQuery, Statement(t, s.Sleep))
	if r.Error == nil || (s.TimeoutCode != "" && r.Error.Code != s.TimeoutCode) || time.Since(start) > 3*time.Second {
		t.Fatalf("%s under a 200ms statement_timeout: %+v after %v", s.Sleep, r.Error, time.Since(start))
	}
	if _, rows := MustQuery(t, h, "select 1"); len(rows) != 1 {
		t.Fatal("no row after a timeout")
	}
}

func (s *Suite[P]) testLinks(t *testing.T) {
	p := s.New()
	defer p.Shutdown(context.Background())
	for _, tt := range s.Links.Bad {
		err := p.PutLink(t.Context(), Link(tt.Values))
		if err == nil || !strings.Contains(err.Error(), `link "default" of actor `+ActorPK) || !strings.Contains(err.Error(), tt.Want) {
			t.Errorf("PutLink(%v) = %v, want %q", tt.Values, err, tt.Want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("PutLink error shows the password: %v", err)
		}
	}
	if err := p.PutLink(t.Context(), Link(s.Links.Good)); err != nil {
		t.Fatal(err)
	}
	s.Links.CheckGood(t, p)
	_, err := p.Handle(t.Context(), "MOTHER", Link(nil), sqldb.OpQuery, nil)
	if err == nil || !strings.Contains(err.Error(), "no link for actor MOTHER") {
		t.Fatalf("Handle without a link: %v", err)
	}
	if err := p.DeleteLink(t.Context(), Link(nil)); err != nil {
		t.Fatal(err)
	}
	if err := p.Health(t.Context()); err != nil {
		t.Fatalf("Health without links: %v", err)
	}
}

func (s *Suite[P]) testServerDown(t *testing.T) {
	addr := ClosedPort(t)
	uri, target := s.Readdress(t, s.NewDatabase(t), addr)
	p, h := s.Linked(t, map[string]string{"uri": uri})

	r, _ := Query(t, h, sqldb.OpQuery, Statement(t, "select 1"))
	if r.Error == nil || r.Error.Code != sqldb.CodeIO || !strings.Contains(r.Error.Message, s.Server+" "+addr) || !strings.Contains(r.Error.Message, "refused") {
		t.Fatalf("query with the server down: %+v", r.Error)
	}
	herr := p.Health(t.Context())
	if herr == nil || !strings.Contains(herr.Error(), "actor "+ActorPK+": "+s.Server+" "+addr) {
		t.Fatalf("Health with the server down: %v", herr)
	}

	// The server comes back on the same address: health and statements recover.
	Forward(t, addr, target)
	if err := p.Health(t.Context()); err != nil {
		t.Fatalf("Health after the server came back: %v", err)
	}
	if _, rows := MustQuery(t, h, "select 1"); len(rows) != 1 {
		t.Fatal("no row after the server came back")
	}
}

func (s *Suite[P]) testConcurrentQueries(t *testing.T) {
	_, h := s.Linked(t, map[string]string{"max_connections": "4"})
	MustExec(t, h, "create table c (g INT, i INT)")
	insert, count := s.sql("insert into c values (?, ?)"), s.sql("select count(*) from c where g = ?")
	const goroutines, each = 16, 20
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				MustExec(t, h, insert, g, i)
				_, rows := MustQuery(t, h, count, g)
				if rows[0][0] != int64(i+1) {
					t.Errorf("goroutine %d: count %v after %d inserts", g, rows[0][0], i+1)
					return
				}
			}
		})
	}
	wg.Wait()
	_, rows := MustQuery(t, h, "select count(*), cast(sum(i) as "+s.Int64+") from c")
	if want := []any{int64(goroutines * each), int64(goroutines * each * (each - 1) / 2)}; !reflect.DeepEqual(rows[0], want) {
		t.Fatalf("totals %#v, want %#v", rows[0], want)
	}
}

// testRun serves the provider with provider.Run, as a host runs it in-process, and runs
// statements with signed invocations from a linked actor.
func (s *Suite[P]) testRun(t *testing.T) {
	h := Run(t, s.New(), Link(map[string]string{"uri": s.NewDatabase(t)}))
	MustExec(t, h, "create table r (id INT, v TEXT)")
	if n := MustExec(t, h, s.sql("insert into r values (?, ?), (?, ?)"), 1, "a", 2, nil); n != 2 {
		t.Fatalf("insert affected %d", n)
	}
	_, rows := MustQuery(t, h, "select id, v from r order by id")
	if want := [][]any{{int64(1), "a"}, {int64(2), nil}}; !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows %#v", rows)
	}
	r, _ := Query(t, h, sqldb.OpQuery, Statement(t, "select * from nope"))
	if r.Error == nil || r.Error.Code != sqldb.CodeDB {
		t.Fatalf("SQL error over the lattice: %+v", r.Error)
	}
}

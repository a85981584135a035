package sqldbpostgres

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows/sqltest"
)

// A connection left in a transaction is closed, not reused: the transaction rolls back and
// the next statement runs outside it.
func TestPoolDropsOpenTransaction(t *testing.T) {
	p, h := suite.Linked(t, map[string]string{"max_connections": "1"})
	sqltest.MustExec(t, h, "begin; create table x (a int4)")
	pl, _ := sqlrows.Linked(p.shell, sqltest.ActorPK)
	if n := pl.db.Stat().IdleConns(); n != 0 {
		t.Fatalf("%d idle connections after an open transaction", n)
	}
	r, _ := sqltest.Query(t, h, sqldb.OpQuery, sqltest.Statement(t, "select * from x"))
	if r.Error == nil || !strings.Contains(r.Error.Message, `relation "x" does not exist`) {
		t.Fatalf("table of the abandoned transaction: %+v", r.Error)
	}
	sqltest.MustQuery(t, h, "select 1")
	if n := pl.db.Stat().IdleConns(); n != 1 {
		t.Fatalf("%d idle connections after a query, want 1", n)
	}
}

// Deleting a link while statements run returns at once and lets them finish, then closes
// their connections; the pool serves no more statements.
func TestPoolCloseInUse(t *testing.T) {
	p, h := suite.Linked(t, map[string]string{"max_connections": "2"})
	pl, _ := sqlrows.Linked(p.shell, sqltest.ActorPK)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { sqltest.MustQuery(t, h, "select pg_sleep(0.3)") })
	}
	// Wait until the server runs both statements.
	adm := admin(t)
	const running = "select count(*) from pg_stat_activity where query = 'select pg_sleep(0.3)' and state = 'active' and datname = $1"
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		var n int
		if err := adm.QueryRow(t.Context(), running, pl.database).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the statements did not start")
		}
	}
	if err := p.DeleteLink(t.Context(), sqltest.Link(nil)); err != nil {
		t.Fatal(err)
	}
	if n := pl.db.Stat().AcquiredConns(); n != 2 {
		t.Errorf("DeleteLink waited for the statements: %d connections in use after it", n)
	}
	wg.Wait()
	select {
	case <-pl.Closed():
	case <-time.After(5 * time.Second):
		t.Fatal("the pool did not close after its statements ended")
	}
	if s := pl.db.Stat(); s.TotalConns() != 0 {
		t.Fatalf("after close: %d idle, %d in use", s.IdleConns(), s.AcquiredConns())
	}
	_, err := pl.Exec(t.Context(), "select 1", nil)
	if e, ok := err.(*sqldb.SqlDbError); !ok || e.Code != sqldb.CodeProvider || e.Message != errPoolClosed.Error() {
		t.Fatalf("statement on a closed pool: %v", err)
	}
}

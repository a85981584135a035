package sqlrows

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/ctl"
)

// fakeDatabase is a Database whose Close closes no connection: the test closes done.
type fakeDatabase struct {
	fakeBackend
	addr     string
	pingErr  error
	closeErr error
	closes   int
	done     chan struct{}
}

func (f *fakeDatabase) Addr() string               { return f.addr }
func (f *fakeDatabase) Ping(context.Context) error { return f.pingErr }
func (f *fakeDatabase) Close() error               { f.closes++; return f.closeErr }
func (f *fakeDatabase) Closed() <-chan struct{}    { return f.done }

func newFake(db, addr string) *fakeDatabase {
	return &fakeDatabase{fakeBackend: fakeBackend{db: db}, addr: addr, done: make(chan struct{})}
}

func linkOf(actor string, values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actor, LinkName: "default", ContractID: sqldb.ContractID, Values: values}
}

func TestProvider(t *testing.T) {
	opened := map[string]*fakeDatabase{}
	p := NewProvider(slog.New(slog.DiscardHandler), Driver[*fakeDatabase]{
		Name: "sqldb-fake", Server: "fake",
		Open: func(o Options) (*fakeDatabase, error) {
			if o.URI == "bad" {
				return nil, errors.New("invalid uri value: bad")
			}
			d := newFake(o.URI, "h:"+o.URI)
			opened[o.URI] = d
			return d, nil
		},
	})
	ctx := t.Context()

	for uri, want := range map[string]string{
		"":    "missing uri value: set it to the database's connection URI",
		"bad": "invalid uri value: bad",
	} {
		err := p.PutLink(ctx, linkOf("A", map[string]string{"uri": uri}))
		if err == nil || err.Error() != `sqldb-fake: link "default" of actor A: `+want {
			t.Errorf("PutLink(uri %q) = %v, want %q", uri, err, want)
		}
	}
	if err := p.PutLink(ctx, linkOf("A", map[string]string{"uri": "one", "max_connections": "3"})); err != nil {
		t.Fatal(err)
	}
	if err := p.PutLink(ctx, linkOf("A", map[string]string{"uri": "two"})); err != nil {
		t.Fatal(err)
	}
	if opened["one"].closes != 1 || opened["two"].closes != 0 {
		t.Fatalf("PutLink replacing a link closed %d old, %d new", opened["one"].closes, opened["two"].closes)
	}
	if d, ok := Linked(p, "A"); !ok || d != opened["two"] {
		t.Fatalf("Linked(A) = %v, %v", d, ok)
	}

	out, err := p.Handle(ctx, "A", ctl.LinkDefinition{}, sqldb.OpFetch, []byte("\xa8select 1"))
	var r sqldb.QueryResult
	if err != nil || r.UnmarshalMsg(out) != nil || r.NumRows != 1 || opened["two"].sql != "select 1" {
		t.Fatalf("Handle: %+v, %v", r, err)
	}
	if _, err := p.Handle(ctx, "B", ctl.LinkDefinition{}, sqldb.OpQuery, nil); err == nil || err.Error() != "SqlDb.Query: sqldb-fake has no link for actor B" {
		t.Fatalf("Handle without a link: %v", err)
	}

	if err := p.PutLink(ctx, linkOf("B", map[string]string{"uri": "three"})); err != nil {
		t.Fatal(err)
	}
	opened["two"].pingErr = errors.New("refused")
	opened["three"].pingErr = errors.New("timeout")
	if err := p.Health(ctx); err == nil || err.Error() != "actor A: fake h:two: refused\nactor B: fake h:three: timeout" {
		t.Fatalf("Health = %v", err)
	}

	opened["three"].closeErr = errors.New("close three")
	if err := p.DeleteLink(ctx, linkOf("B", nil)); err == nil || err.Error() != "close three" || opened["three"].closes != 1 {
		t.Fatalf("DeleteLink = %v", err)
	}
	if err := p.DeleteLink(ctx, linkOf("B", nil)); err != nil {
		t.Fatalf("DeleteLink of no link = %v", err)
	}

	// Shutdown waits for the connections to close until its context is done.
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := p.Shutdown(done); err == nil || err.Error() != "sqldb-fake: closing connections: context canceled" || opened["two"].closes != 1 {
		t.Fatalf("Shutdown with connections open = %v", err)
	}
	if err := p.PutLink(ctx, linkOf("A", map[string]string{"uri": "four"})); err != nil {
		t.Fatal(err)
	}
	close(opened["four"].done)
	if err := p.Shutdown(done); err != nil || opened["four"].closes != 1 {
		t.Fatalf("Shutdown with connections closed = %v, %d closes", err, opened["four"].closes)
	}
	if err := p.Health(ctx); err != nil || p.Contract() != sqldb.ContractID {
		t.Fatalf("after Shutdown: Health %v, Contract %q", err, p.Contract())
	}
}

package sqltest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
)

// ActorPK is the actor the tests link.
const ActorPK = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"

// Suite is the provider tests both sqldb providers run (Test), given what differs between
// their databases. The shared statements are written with ? placeholders, in SQL that MySQL
// and PostgreSQL both accept.
type Suite[P provider.Provider] struct {
	// New returns a provider with no links.
	New func() P
	// Server names the kind of server in the provider's messages: "mysql", "postgres".
	Server string
	// NewDatabase creates an empty database for the test, dropped when the test ends, and
	// returns the uri link value of it.
	NewDatabase func(t *testing.T) string
	// Readdress returns uri with its server's host:port replaced by addr, and the one it had.
	Readdress func(t *testing.T, uri, addr string) (readdressed, was string)
	// Rebind rewrites the ? placeholders of a statement in the database's syntax; nil keeps
	// them.
	Rebind func(sql string) string

	// Sleep is a query that sleeps for 5 seconds.
	Sleep string
	// CurrentDatabase is a query of the name of the session's database.
	CurrentDatabase string
	// Int64 is the type that CAST turns a number into a 64-bit integer with.
	Int64 string
	// MissingTable are what the message of a query of the missing table nope holds.
	MissingTable []string
	// DuplicateKey is what the message of an insert of a duplicate key holds.
	DuplicateKey string
	// RefusesArrays says that a CBOR array parameter is refused with code encoding.
	RefusesArrays bool
	// TimeoutCode is the code of a statement that overruns statement_timeout; empty when it
	// depends on which of the server and the provider stops it first.
	TimeoutCode string

	// Values is the table of every column type the provider maps.
	Values ValueMapping
	// Links are the link values PutLink must refuse and accept.
	Links Links[P]
}

// ValueMapping is a table of every column type a provider maps, and one row of it.
type ValueMapping struct {
	// Create creates table t, whose first column is the integer primary key id.
	Create string
	// Row is a row of t whose id is 1, as parameters of an insert.
	Row []any
	// Want is Row as queries return it.
	Want []any
	// Types are the type names of t's columns.
	Types []string
	// Last is the name of t's last column.
	Last string
	// Queries select the rows of t in id order, as a statement and its parameters.
	Queries []Select
}

// Select is a query and its parameters.
type Select struct {
	SQL    string
	Params []any
}

// Links are the link values PutLink must refuse and accept.
type Links[P provider.Provider] struct {
	// Bad are values PutLink refuses, each with what its error says.
	Bad []BadLink
	// Good are values PutLink accepts, which name database db1 on a server that need not run.
	Good map[string]string
	// CheckGood checks the database p made of Good for ActorPK.
	CheckGood func(t *testing.T, p P)
}

// BadLink is link values PutLink refuses, and what its error says.
type BadLink struct {
	Values map[string]string
	Want   string
}

// Link returns a link of ActorPK to the provider with values.
func Link(values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: ActorPK, ProviderID: "VPROVIDER", LinkName: "default", ContractID: sqldb.ContractID, Values: values}
}

// Linked returns a provider with the link values, linked to a fresh database unless they set
// uri, and its Handle for ActorPK. The provider shuts down when the test ends.
func (s *Suite[P]) Linked(t *testing.T, values map[string]string) (P, Handler) {
	t.Helper()
	if values == nil {
		values = map[string]string{}
	}
	if _, ok := values["uri"]; !ok {
		values["uri"] = s.NewDatabase(t)
	}
	p := s.New()
	ld := Link(values)
	if err := p.PutLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	// Registered after the database's clean-up, so it runs before the drop.
	t.Cleanup(func() {
		if err := p.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return p, func(ctx context.Context, op string, payload []byte) ([]byte, error) {
		return p.Handle(ctx, ActorPK, ld, op, payload)
	}
}

// Test runs the suite's tests, each as a subtest.
func (s *Suite[P]) Test(t *testing.T) {
	for _, c := range []struct {
		name string
		test func(t *testing.T)
	}{
		{"ValueMapping", s.testValueMapping},
		{"Statements", s.testStatements},
		{"ResultLimit", s.testResultLimit},
		{"StatementTimeout", s.testStatementTimeout},
		{"Links", s.testLinks},
		{"ServerDown", s.testServerDown},
		{"ConcurrentQueries", s.testConcurrentQueries},
		{"Run", s.testRun},
	} {
		t.Run(c.name, c.test)
	}
}

// sql rewrites the placeholders of sql with Rebind.
func (s *Suite[P]) sql(sql string) string {
	if s.Rebind == nil {
		return sql
	}
	return s.Rebind(sql)
}

// Dollars numbers the ? placeholders of sql as PostgreSQL's $1, $2, ….
func Dollars(sql string) string {
	var b strings.Builder
	n := 0
	for _, r := range sql {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	return b.String()
}

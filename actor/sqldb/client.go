package sqldb

import (
	"context"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

// ContractID is the contract id the calls go to: wasmcloud:sqldb.
const ContractID = sqldb.ContractID

// Column describes one column of a query result.
type Column = sqldb.Column

// Error is a database failure the provider reported; Code is one of the sqldb.Code constants
// of package contract/sqldb ("db", "io", "config", …).
type Error = sqldb.SqlDbError

// Result is what a query returned.
type Result struct {
	// Columns describes the columns, in order.
	Columns []Column
	// Rows holds one slice of column values per row: nil (NULL), bool, int64 (uint64 above
	// MaxInt64), float64, string or []byte, as the provider maps the database's types.
	Rows [][]any
}

// Client calls the SQL database provider linked to the actor under one link name. The zero
// value uses the link name "default", like the package-level functions.
type Client struct {
	link string
}

// Link returns a client for the provider linked under name. An empty name means "default".
func Link(name string) Client {
	return Client{link: name}
}

// defaultClient serves the package-level functions.
var defaultClient Client

// target returns the link name and contract the client's calls go to.
func (c Client) target() rpc.Target {
	if c.link == "" {
		return rpc.Target{Link: actor.DefaultLink, Contract: ContractID}
	}
	return rpc.Target{Link: c.link, Contract: ContractID}
}

// Execute runs sql with args bound in order and returns the number of rows it affected.
func (c Client) Execute(ctx context.Context, sql string, args ...any) (uint64, error) {
	st, err := statement(sql, args)
	if err != nil {
		return 0, err
	}
	r, err := rpc.Call(ctx, c.target(), sqldb.OpExecute, st.AppendMsg(nil), rpc.Decoder[sqldb.ExecuteResult]())
	if err != nil {
		return 0, err
	}
	if r.Error != nil {
		return 0, r.Error
	}
	return r.RowsAffected, nil
}

// Query runs sql with args bound in order and returns its columns and rows.
func (c Client) Query(ctx context.Context, sql string, args ...any) (*Result, error) {
	st, err := statement(sql, args)
	if err != nil {
		return nil, err
	}
	r, err := rpc.Call(ctx, c.target(), sqldb.OpQuery, st.AppendMsg(nil), rpc.Decoder[sqldb.QueryResult]())
	if err != nil {
		return nil, err
	}
	if r.Error != nil {
		return nil, r.Error
	}
	rows, err := sqldb.DecodeRows(r.Rows)
	if err != nil {
		return nil, &decodeError{err: err}
	}
	return &Result{Columns: r.Columns, Rows: rows}, nil
}

// statement builds the Statement of sql and args.
func statement(sql string, args []any) (*sqldb.Statement, error) {
	params, err := sqldb.EncodeParams(args...)
	if err != nil {
		return nil, err
	}
	return &sqldb.Statement{SQL: sql, Parameters: params}, nil
}

// decodeError reports result rows that are not what the contract says.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return "decode " + sqldb.OpQuery + " rows: " + e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

// Execute runs sql on the provider linked under "default". See [Client.Execute].
func Execute(ctx context.Context, sql string, args ...any) (uint64, error) {
	return defaultClient.Execute(ctx, sql, args...)
}

// Query runs sql on the provider linked under "default". See [Client.Query].
func Query(ctx context.Context, sql string, args ...any) (*Result, error) {
	return defaultClient.Query(ctx, sql, args...)
}

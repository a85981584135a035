package sqlrows

import (
	"context"
	"errors"
	"fmt"

	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

// Backend is one link's database, as a provider drives it. Errors the methods return are
// reported to the actor in the result's error member: a *sqldb.SqlDbError as it is, any other
// error with code provider.
type Backend interface {
	// Database is the name of the database the link serves.
	Database() string
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, sql string, args []any) (uint64, error)
	// Query runs a statement, writes its rows to w and returns its columns.
	Query(ctx context.Context, sql string, args []any, w *Writer) ([]sqldb.Column, error)
}

// Dispatch runs SqlDb operation op with payload on b under the link options o, and returns the
// result payload. A payload that does not decode and an unknown operation are invocation
// errors naming the operation; everything that goes wrong with the statement itself (bad
// parameters, a database error, a database that is down, a result over the limit) is a
// result whose error member says so, as wasmCloud providers report it.
func Dispatch(ctx context.Context, b Backend, o Options, op string, payload []byte) ([]byte, error) {
	switch op {
	case sqldb.OpExecute:
		st, err := decodeStatement(payload)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		n, err := execute(ctx, b, o, st)
		return (&sqldb.ExecuteResult{RowsAffected: n, Error: resultError(err)}).AppendMsg(nil), nil
	case sqldb.OpQuery, sqldb.OpFetch:
		var st sqldb.Statement
		var err error
		if op == sqldb.OpFetch {
			st.SQL, err = codec.DecodeString(payload)
		} else {
			st, err = decodeStatement(payload)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		return query(ctx, b, o, st).AppendMsg(nil), nil
	}
	return nil, fmt.Errorf("%s: unknown operation of %s", op, sqldb.ContractID)
}

// decodeStatement decodes a Statement, or the bare SQL str of the 2021-10 model's Execute.
func decodeStatement(payload []byte) (sqldb.Statement, error) {
	var st sqldb.Statement
	if len(payload) > 0 && isStr(payload[0]) {
		sql, err := codec.DecodeString(payload)
		st.SQL = sql
		return st, err
	}
	err := st.UnmarshalMsg(payload)
	return st, err
}

// isStr reports whether a msgpack value starting with c is a str.
func isStr(c byte) bool { return c&0xe0 == 0xa0 || (c >= 0xd9 && c <= 0xdb) }

func execute(ctx context.Context, b Backend, o Options, st sqldb.Statement) (uint64, error) {
	args, err := prepare(b, st)
	if err != nil {
		return 0, err
	}
	ctx, cancel := withTimeout(ctx, o)
	defer cancel()
	return b.Exec(ctx, st.SQL, args)
}

func query(ctx context.Context, b Backend, o Options, st sqldb.Statement) *sqldb.QueryResult {
	args, err := prepare(b, st)
	if err != nil {
		return &sqldb.QueryResult{Error: resultError(err)}
	}
	ctx, cancel := withTimeout(ctx, o)
	defer cancel()
	w := NewWriter(o.MaxResultBytes)
	cols, err := b.Query(ctx, st.SQL, args, w)
	if err != nil {
		return &sqldb.QueryResult{Error: resultError(err)}
	}
	n, rows := w.Rows()
	return &sqldb.QueryResult{NumRows: n, Columns: cols, Rows: rows}
}

// prepare checks the statement's database and decodes its parameters.
func prepare(b Backend, st sqldb.Statement) ([]any, error) {
	if st.Database != nil && *st.Database != "" && *st.Database != b.Database() {
		return nil, &sqldb.SqlDbError{Code: sqldb.CodeConfig, Message: fmt.Sprintf(
			"statement names database %q but this link serves database %q: one link serves one database; link the actor to another provider instance (link name) for %q",
			*st.Database, b.Database(), *st.Database)}
	}
	args := make([]any, len(st.Parameters))
	for i, p := range st.Parameters {
		v, err := cbor.Decode(p)
		if err != nil {
			return nil, &sqldb.SqlDbError{Code: sqldb.CodeDecoding, Message: fmt.Sprintf("parameter %d: not a CBOR value: %v", i+1, err)}
		}
		args[i] = v
	}
	return args, nil
}

// withTimeout bounds ctx by the link's statement timeout, if any.
func withTimeout(ctx context.Context, o Options) (context.Context, context.CancelFunc) {
	if o.StatementTimeout > 0 {
		return context.WithTimeout(ctx, o.StatementTimeout)
	}
	return ctx, func() {}
}

// resultError turns a backend error into the result's error member.
func resultError(err error) *sqldb.SqlDbError {
	if err == nil {
		return nil
	}
	var se *sqldb.SqlDbError
	if errors.As(err, &se) {
		return se
	}
	return &sqldb.SqlDbError{Code: sqldb.CodeProvider, Message: err.Error()}
}

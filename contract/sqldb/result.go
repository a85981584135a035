package sqldb

import "github.com/trellis-lattice/trellis/contract/codec"

var (
	_ codec.Message = (*ExecuteResult)(nil)
	_ codec.Message = (*QueryResult)(nil)
	_ codec.Message = (*Column)(nil)
)

// ExecuteResult is the output of SqlDb.Execute.
type ExecuteResult struct {
	// RowsAffected is the number of rows the statement inserted, changed or deleted.
	RowsAffected uint64
	// Error is set when the statement failed; nil on success.
	Error *SqlDbError
}

// AppendMsg appends the msgpack encoding of r to b: {rowsAffected, error?}.
func (r *ExecuteResult) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 1+optional(r.Error))
	b = codec.AppendString(b, "rowsAffected")
	b = codec.AppendU64(b, r.RowsAffected)
	return appendOptionalError(b, r.Error)
}

// UnmarshalMsg decodes a whole payload into r.
func (r *ExecuteResult) UnmarshalMsg(b []byte) error {
	*r = ExecuteResult{}
	return codec.DecodeMap(b, "sqldb.ExecuteResult", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "rowsAffected":
			r.RowsAffected, rest, err = codec.ReadU64(v)
		case "error":
			r.Error, rest, err = readOptionalError(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}

// QueryResult is the output of SqlDb.Query.
type QueryResult struct {
	// NumRows is the number of rows in Rows.
	NumRows uint64
	// Columns describes the result columns, in order.
	Columns []Column
	// Rows is the CBOR array of rows, each an array of column values; read it with DecodeRows.
	Rows []byte
	// Error is set when the statement failed; nil on success.
	Error *SqlDbError
}

// FetchResult is the output of the legacy SqlDb.Fetch: the same members as QueryResult.
type FetchResult = QueryResult

// AppendMsg appends the msgpack encoding of r to b: {numRows, columns, rows, error?}.
func (r *QueryResult) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 3+optional(r.Error))
	b = codec.AppendString(b, "numRows")
	b = codec.AppendU64(b, r.NumRows)
	b = codec.AppendString(b, "columns")
	b = codec.AppendArrayHeader(b, uint32(len(r.Columns)))
	for i := range r.Columns {
		b = r.Columns[i].AppendMsg(b)
	}
	b = codec.AppendString(b, "rows")
	b = codec.AppendBlob(b, r.Rows)
	return appendOptionalError(b, r.Error)
}

// UnmarshalMsg decodes a whole payload into r. An empty list of columns reads as nil.
func (r *QueryResult) UnmarshalMsg(b []byte) error {
	*r = QueryResult{}
	return codec.DecodeMap(b, "sqldb.QueryResult", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "numRows":
			r.NumRows, rest, err = codec.ReadU64(v)
		case "columns":
			r.Columns, rest, err = readColumns(v)
		case "rows":
			r.Rows, rest, err = codec.ReadBlob(v)
		case "error":
			r.Error, rest, err = readOptionalError(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}

// Column describes one column of a query result.
type Column struct {
	// Ordinal is the column's 0-based position.
	Ordinal uint32
	// Name is the column's name (or alias).
	Name string
	// DBType is the database's name of the column's type, e.g. "int4" or "VARCHAR".
	DBType string
}

// AppendMsg appends the msgpack encoding of c to b: {ordinal, name, dbType}.
func (c *Column) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 3)
	b = codec.AppendString(b, "ordinal")
	b = codec.AppendU32(b, c.Ordinal)
	b = codec.AppendString(b, "name")
	b = codec.AppendString(b, c.Name)
	b = codec.AppendString(b, "dbType")
	return codec.AppendString(b, c.DBType)
}

// UnmarshalMsg decodes a whole payload into c.
func (c *Column) UnmarshalMsg(b []byte) error {
	rest, err := c.read(b)
	if err == nil && len(rest) > 0 {
		err = codec.ErrTrailingBytes
	}
	return err
}

// read reads c as a map and returns the bytes after it.
func (c *Column) read(b []byte) ([]byte, error) {
	*c = Column{}
	return codec.ReadMap(b, "sqldb.Column", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "ordinal":
			c.Ordinal, rest, err = codec.ReadU32(v)
		case "name":
			c.Name, rest, err = codec.ReadString(v)
		case "dbType":
			c.DBType, rest, err = codec.ReadString(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}

// readColumns reads a list of Column; an empty list reads as nil.
func readColumns(b []byte) ([]Column, []byte, error) {
	n, rest, err := codec.ReadArrayHeader(b)
	if err != nil || n == 0 {
		return nil, rest, err
	}
	cols := make([]Column, n)
	for i := range cols {
		if rest, err = cols[i].read(rest); err != nil {
			return nil, b, elemError("columns", i, err)
		}
	}
	return cols, rest, nil
}

// optional is 1 when an optional member is present, for counting map entries.
func optional(e *SqlDbError) uint32 {
	if e == nil {
		return 0
	}
	return 1
}

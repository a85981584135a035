package sqldbpostgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"

	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows"
)

// pool is one link's database: a sqlrows.Database on a pgxpool of connections to it.
type pool struct {
	db       *pgxpool.Pool
	addr     string // host:port, for messages
	database string

	closeOnce sync.Once
	closed    chan struct{} // closed when Close has closed every connection
}

var _ sqlrows.Database = (*pool)(nil)

// Database returns the name of the link's database.
func (pl *pool) Database() string { return pl.database }

// Addr returns the server's host:port.
func (pl *pool) Addr() string { return pl.addr }

// Ping checks that the server answers.
func (pl *pool) Ping(ctx context.Context) error { return pl.db.Ping(ctx) }

// Close closes the pool without waiting: idle connections close now, connections in use when
// their statement ends, and later statements fail with code provider. Closed reports when
// every connection is closed.
func (pl *pool) Close() error {
	pl.closeOnce.Do(func() {
		go func() {
			pl.db.Close()
			close(pl.closed)
		}()
	})
	return nil
}

// Closed is closed when Close has closed every connection.
func (pl *pool) Closed() <-chan struct{} { return pl.closed }

func (pl *pool) Exec(ctx context.Context, sql string, args []any) (uint64, error) {
	c, err := pl.db.Acquire(ctx)
	if err != nil {
		return 0, pl.classify(ctx, err)
	}
	defer c.Release()
	tag, err := c.Exec(ctx, sql, args...)
	if err != nil {
		return 0, pl.classify(ctx, err)
	}
	return uint64(max(tag.RowsAffected(), 0)), nil
}

// binaryOIDs are the types whose values are read in binary format and mapped to CBOR
// numbers, booleans, RFC 3339 text or bytes; every other type is read in PostgreSQL's text
// format (see doc.go).
var binaryOIDs = pgx.QueryResultFormatsByOID{
	pgtype.BoolOID: pgx.BinaryFormatCode, pgtype.Int2OID: pgx.BinaryFormatCode,
	pgtype.Int4OID: pgx.BinaryFormatCode, pgtype.Int8OID: pgx.BinaryFormatCode,
	pgtype.OIDOID: pgx.BinaryFormatCode, pgtype.Float4OID: pgx.BinaryFormatCode,
	pgtype.Float8OID: pgx.BinaryFormatCode, pgtype.TimestampOID: pgx.BinaryFormatCode,
	pgtype.TimestamptzOID: pgx.BinaryFormatCode, pgtype.ByteaOID: pgx.BinaryFormatCode,
}

// textOIDs are the types whose text rendering is a CBOR text value. Other types not in
// binaryOIDs (bit strings, arrays, enums, extension types) are byte strings.
var textOIDs = map[uint32]bool{
	pgtype.TextOID: true, pgtype.VarcharOID: true, pgtype.BPCharOID: true, pgtype.NameOID: true,
	pgtype.QCharOID: true, pgtype.JSONOID: true, pgtype.JSONBOID: true, pgtype.XMLOID: true,
	pgtype.UUIDOID: true, pgtype.DateOID: true, pgtype.TimeOID: true, pgtype.TimetzOID: true,
	pgtype.IntervalOID: true, pgtype.InetOID: true, pgtype.CIDROID: true, pgtype.MacaddrOID: true,
	774 /* macaddr8 */ : true, pgtype.NumericOID: true, 790 /* money */ : true, pgtype.UnknownOID: true,
}

func (pl *pool) Query(ctx context.Context, sql string, args []any, w *sqlrows.Writer) ([]sqldb.Column, error) {
	pc, err := pl.db.Acquire(ctx)
	if err != nil {
		return nil, pl.classify(ctx, err)
	}
	defer pc.Release()
	c := pc.Conn()
	rows, err := c.Query(ctx, sql, append([]any{binaryOIDs}, args...)...)
	if err != nil {
		return nil, pl.classify(ctx, err)
	}
	defer rows.Close()
	fields := slices.Clone(rows.FieldDescriptions()) // the connection reuses them for the next query
	tm := c.TypeMap()
	for rows.Next() {
		raw := rows.RawValues()
		w.StartRow(len(raw))
		for i, v := range raw {
			if err := writeValue(w, tm, &fields[i], v); err != nil {
				return nil, &sqldb.SqlDbError{Code: sqldb.CodeEncoding, Message: fmt.Sprintf("column %q: %v", fields[i].Name, err)}
			}
		}
		if err := w.EndRow(); err != nil {
			return nil, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, pl.classify(ctx, err)
	}
	return columns(ctx, c, fields), nil
}

// writeValue writes one column value of a row.
func writeValue(w *sqlrows.Writer, tm *pgtype.Map, f *pgconn.FieldDescription, src []byte) error {
	if src == nil {
		w.Null()
		return nil
	}
	if _, ok := binaryOIDs[f.DataTypeOID]; !ok {
		if textOIDs[f.DataTypeOID] {
			w.Text(src)
		} else {
			w.Bytes(src)
		}
		return nil
	}
	t, ok := tm.TypeForOID(f.DataTypeOID)
	if !ok {
		w.Bytes(src)
		return nil
	}
	v, err := t.Codec.DecodeValue(tm, f.DataTypeOID, f.Format, src)
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case bool:
		w.Bool(v)
	case int16:
		w.Int(int64(v))
	case int32:
		w.Int(int64(v))
	case int64:
		w.Int(v)
	case uint32:
		w.Uint(uint64(v))
	case float32:
		w.Float32(v)
	case float64:
		w.Float64(v)
	case time.Time:
		w.Time(v)
	case []byte:
		w.Bytes(v)
	case fmt.Stringer: // infinite timestamps: "infinity", "-infinity"
		w.String(v.String())
	default:
		return fmt.Errorf("unexpected %T value of type oid %d", v, f.DataTypeOID)
	}
	return nil
}

// columns describes the result's columns with PostgreSQL's type names, looking up the names
// of types the connection's type map does not know (enums, extension types) in pg_type.
func columns(ctx context.Context, c *pgx.Conn, fields []pgconn.FieldDescription) []sqldb.Column {
	tm := c.TypeMap()
	cols := make([]sqldb.Column, len(fields))
	var unknown []uint32
	for i, f := range fields {
		cols[i] = sqldb.Column{Ordinal: uint32(i), Name: f.Name}
		if t, ok := tm.TypeForOID(f.DataTypeOID); ok {
			cols[i].DBType = t.Name
		} else {
			unknown = append(unknown, f.DataTypeOID)
		}
	}
	if len(unknown) == 0 {
		return cols
	}
	names := map[uint32]string{}
	// A failed lookup leaves the type named by its oid.
	if rows, err := c.Query(ctx, "select oid, typname::text from pg_catalog.pg_type where oid = any($1)", unknown); err == nil {
		var oid uint32
		var name string
		_, _ = pgx.ForEachRow(rows, []any{&oid, &name}, func() error { names[oid] = name; return nil })
	}
	for i, f := range fields {
		if cols[i].DBType == "" {
			if cols[i].DBType = names[f.DataTypeOID]; cols[i].DBType == "" {
				cols[i].DBType = "oid:" + strconv.FormatUint(uint64(f.DataTypeOID), 10)
			}
		}
	}
	return cols
}

// errPoolClosed reports a use of a pool after its link was deleted or changed.
var errPoolClosed = errors.New("connection pool closed (link deleted or changed)")

// classify turns a pgx error into the result's error: a server error is code db with the
// server's message; not reaching the server (connect, network, timeout) is code io.
func (pl *pool) classify(ctx context.Context, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return &sqldb.SqlDbError{Code: sqldb.CodeDB, Message: pgErr.Error()}
	}
	if errors.Is(err, puddle.ErrClosedPool) {
		return &sqldb.SqlDbError{Code: sqldb.CodeProvider, Message: errPoolClosed.Error()}
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	if errors.As(err, &connErr) || errors.As(err, &netErr) || pgconn.Timeout(err) || ctx.Err() != nil {
		return &sqldb.SqlDbError{Code: sqldb.CodeIO, Message: fmt.Sprintf("postgres %s: %v", pl.addr, err)}
	}
	return &sqldb.SqlDbError{Code: sqldb.CodeDB, Message: err.Error()}
}

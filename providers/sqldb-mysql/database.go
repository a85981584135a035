package sqldbmysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/providers/internal/sqlrows"
)

// Database returns the name of the link's database.
func (d *database) Database() string { return d.name }

func (d *database) Exec(ctx context.Context, query string, args []any) (uint64, error) {
	if err := checkArgs(args); err != nil {
		return 0, err
	}
	res, err := d.db.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, d.classify(ctx, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, d.classify(ctx, err)
	}
	return uint64(max(n, 0)), nil
}

func (d *database) Query(ctx context.Context, query string, args []any, w *sqlrows.Writer) ([]sqldb.Column, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.classify(ctx, err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, d.classify(ctx, err)
	}
	cols := make([]sqldb.Column, len(types))
	kinds := make([]kind, len(types))
	vals := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i, ct := range types {
		cols[i] = sqldb.Column{Ordinal: uint32(i), Name: ct.Name(), DBType: ct.DatabaseTypeName()}
		kinds[i] = kindOf(cols[i].DBType)
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, d.classify(ctx, err)
		}
		w.StartRow(len(vals))
		for i, v := range vals {
			if err := writeValue(w, kinds[i], v); err != nil {
				return nil, &sqldb.SqlDbError{Code: sqldb.CodeEncoding, Message: fmt.Sprintf("column %q (%s): %v", cols[i].Name, cols[i].DBType, err)}
			}
		}
		if err := w.EndRow(); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, d.classify(ctx, err)
	}
	return cols, nil
}

// checkArgs refuses parameters the driver cannot bind (CBOR arrays and maps).
func checkArgs(args []any) error {
	for i, a := range args {
		switch a.(type) {
		case []any, map[string]any:
			return &sqldb.SqlDbError{Code: sqldb.CodeEncoding, Message: fmt.Sprintf(
				"parameter %d: a CBOR %T cannot be bound in MySQL; send scalars (encode JSON as text)", i+1, a)}
		}
	}
	return nil
}

// kind is how a column's values map to CBOR.
type kind int

const (
	kindBytes   kind = iota // BLOB, BINARY, BIT, GEOMETRY, unknown types
	kindInt                 // TINYINT … BIGINT, YEAR (TINYINT(1) too)
	kindUint                // UNSIGNED integers
	kindFloat32             // FLOAT
	kindFloat64             // DOUBLE
	kindText                // CHAR, VARCHAR, TEXT, ENUM, SET, JSON, DECIMAL, TIME
	kindDate                // DATE
	kindTime                // DATETIME, TIMESTAMP
)

// kindOf maps a type name of the driver (ColumnType.DatabaseTypeName) to a kind.
func kindOf(dbType string) kind {
	switch dbType {
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "YEAR":
		return kindInt
	case "FLOAT":
		return kindFloat32
	case "DOUBLE":
		return kindFloat64
	case "CHAR", "VARCHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET", "JSON", "DECIMAL", "TIME":
		return kindText
	case "DATE":
		return kindDate
	case "DATETIME", "TIMESTAMP":
		return kindTime
	}
	if strings.HasPrefix(dbType, "UNSIGNED ") {
		return kindUint
	}
	return kindBytes
}

// writeValue writes one scanned value: drivers return integers as int64 (uint64 above
// MaxInt64), floats as float32 or float64, times as time.Time and everything else, or any
// value of the text protocol, as bytes.
func writeValue(w *sqlrows.Writer, k kind, v any) error {
	if v == nil {
		w.Null()
		return nil
	}
	switch v := v.(type) {
	case int64:
		switch k {
		case kindUint:
			w.Uint(uint64(v))
		case kindFloat32, kindFloat64:
			w.Float64(float64(v))
		default:
			w.Int(v)
		}
	case uint64:
		w.Uint(v)
	case float32:
		w.Float32(v)
	case float64:
		if k == kindFloat32 {
			w.Float32(float32(v))
		} else {
			w.Float64(v)
		}
	case time.Time:
		if k == kindDate {
			w.String(v.Format(time.DateOnly))
		} else {
			w.Time(v)
		}
	case []byte:
		return writeBytes(w, k, v)
	case string:
		return writeBytes(w, k, []byte(v))
	default:
		return fmt.Errorf("unexpected %T value", v)
	}
	return nil
}

// writeBytes writes a value the driver returned as bytes, parsing the numbers of the text
// protocol.
func writeBytes(w *sqlrows.Writer, k kind, b []byte) error {
	s := string(b)
	switch k {
	case kindInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return err
		}
		w.Int(n)
	case kindUint:
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return err
		}
		w.Uint(n)
	case kindFloat32:
		f, err := strconv.ParseFloat(s, 32)
		if err != nil {
			return err
		}
		w.Float32(float32(f))
	case kindFloat64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		w.Float64(f)
	case kindText, kindDate, kindTime: // times arrive as bytes only when they do not parse (zero dates)
		w.Text(b)
	default:
		w.Bytes(b)
	}
	return nil
}

// classify turns a driver error into the result's error: a server error is code db with the
// server's message; not reaching the server (connect, network, timeout) is code io.
func (d *database) classify(ctx context.Context, err error) error {
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) {
		return &sqldb.SqlDbError{Code: sqldb.CodeDB, Message: myErr.Error()}
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn) ||
		errors.Is(err, sql.ErrConnDone) || ctx.Err() != nil {
		return &sqldb.SqlDbError{Code: sqldb.CodeIO, Message: fmt.Sprintf("mysql %s: %v", d.addr, err)}
	}
	return &sqldb.SqlDbError{Code: sqldb.CodeDB, Message: err.Error()}
}

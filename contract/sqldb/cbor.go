package sqldb

import (
	"errors"
	"strconv"

	"github.com/trellis-lattice/trellis/contract/cbor"
)

// ErrRowsShape reports QueryResult.Rows that is well-formed CBOR but not an array of arrays.
var ErrRowsShape = errors.New("sqldb rows are not a cbor array of arrays")

// EncodeParams CBOR-encodes each value for Statement.Parameters, in order. It accepts what
// cbor.AppendValue accepts: nil (SQL NULL), bool, integers, floats, string, []byte, and
// slices and string-keyed maps of those. Render times as RFC 3339 text; the database
// converts them.
func EncodeParams(values ...any) ([][]byte, error) {
	if len(values) == 0 {
		return nil, nil
	}
	params := make([][]byte, len(values))
	for i, v := range values {
		p, err := cbor.AppendValue(nil, v)
		if err != nil {
			return nil, &listError{where: "sqldb parameter " + strconv.Itoa(i), err: err}
		}
		params[i] = p
	}
	return params, nil
}

// DecodeRows decodes QueryResult.Rows into rows of column values. Values are those of
// cbor.Decode: nil (SQL NULL), bool, int64 (uint64 only above MaxInt64), float64, string,
// []byte, []any or map[string]any. Empty input (a result without rows member) is no rows.
func DecodeRows(rows []byte) ([][]any, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	v, err := cbor.Decode(rows)
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, ErrRowsShape
	}
	out := make([][]any, len(list))
	for i, r := range list {
		if out[i], ok = r.([]any); !ok {
			return nil, &listError{where: "sqldb row " + strconv.Itoa(i), err: ErrRowsShape}
		}
	}
	return out, nil
}

package sqlrows

import (
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/trellis-lattice/trellis/contract/cbor"
)

// ErrResultTooLarge is wrapped by Writer.EndRow when the rows exceed the link's limit.
var ErrResultTooLarge = errors.New("query result too large")

// Writer builds QueryResult.Rows: a CBOR array of rows, each an array of column values, no
// larger than a limit. Call StartRow, one value method per column, then EndRow.
type Writer struct {
	body  []byte
	rows  uint64
	limit int
}

// NewWriter returns a Writer whose rows may take at most limit bytes.
func NewWriter(limit int) *Writer { return &Writer{limit: limit} }

// StartRow begins a row of n columns.
func (w *Writer) StartRow(n int) { w.body = cbor.AppendArrayHeader(w.body, uint64(n)) }

// EndRow ends a row; it fails with ErrResultTooLarge once the rows exceed the limit.
func (w *Writer) EndRow() error {
	w.rows++
	if len(w.body) > w.limit {
		return tooLarge(w.limit, w.rows)
	}
	return nil
}

// tooLarge says which limit a result exceeded and what to do.
func tooLarge(limit int, rows uint64) error {
	return &limitError{msg: "the result exceeds " + strconv.Itoa(limit) + " bytes (link value " +
		LinkMaxResultBytes + ") at row " + strconv.FormatUint(rows, 10) +
		": select fewer rows or columns (LIMIT, paging) or raise " + LinkMaxResultBytes}
}

type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }
func (e *limitError) Unwrap() error { return ErrResultTooLarge }

// Rows returns the number of rows written and the encoded array of them.
func (w *Writer) Rows() (uint64, []byte) {
	out := cbor.AppendArrayHeader(make([]byte, 0, len(w.body)+9), w.rows)
	return w.rows, append(out, w.body...)
}

// Null writes SQL NULL.
func (w *Writer) Null() { w.body = cbor.AppendNull(w.body) }

// Bool writes a boolean.
func (w *Writer) Bool(v bool) { w.body = cbor.AppendBool(w.body, v) }

// Int writes a signed integer.
func (w *Writer) Int(v int64) { w.body = cbor.AppendInt(w.body, v) }

// Uint writes an unsigned integer.
func (w *Writer) Uint(v uint64) { w.body = cbor.AppendUint(w.body, v) }

// Float64 writes a double-precision float.
func (w *Writer) Float64(v float64) { w.body = cbor.AppendFloat64(w.body, v) }

// Float32 writes a single-precision float, so that its value is not widened.
func (w *Writer) Float32(v float32) { w.body = cbor.AppendFloat32(w.body, v) }

// Text writes text; bytes that are not valid UTF-8 are written as a byte string instead,
// since CBOR readers reject such text.
func (w *Writer) Text(v []byte) {
	if !utf8.Valid(v) {
		w.Bytes(v)
		return
	}
	w.body = cbor.AppendText(w.body, string(v))
}

// String writes text.
func (w *Writer) String(v string) { w.Text([]byte(v)) }

// Bytes writes a byte string.
func (w *Writer) Bytes(v []byte) { w.body = cbor.AppendBytes(w.body, v) }

// Time writes a timestamp as RFC 3339 text in UTC, with as many fractional digits as needed.
func (w *Writer) Time(t time.Time) {
	w.body = cbor.AppendText(w.body, t.UTC().Format(time.RFC3339Nano))
}

package sqldb_test

import (
	"testing"

	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

// benchRows encodes n rows of (int, text, float, null) as a provider does.
func benchRows(n int) []byte {
	b := cbor.AppendArrayHeader(nil, uint64(n))
	for i := range n {
		b = cbor.AppendArrayHeader(b, 4)
		b = cbor.AppendInt(b, int64(i))
		b = cbor.AppendText(b, "customer name")
		b = cbor.AppendFloat64(b, 12.5)
		b = cbor.AppendNull(b)
	}
	return b
}

func BenchmarkDecodeRows(b *testing.B) {
	rows := benchRows(100)
	b.ReportAllocs()
	b.SetBytes(int64(len(rows)))
	for b.Loop() {
		if _, err := sqldb.DecodeRows(rows); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStatementRoundTrip(b *testing.B) {
	params, err := sqldb.EncodeParams("ada", 42, []byte("0123456789abcdef"))
	if err != nil {
		b.Fatal(err)
	}
	st := sqldb.Statement{SQL: "insert into t values ($1, $2, $3)", Parameters: params}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = st.AppendMsg(buf[:0])
		var back sqldb.Statement
		if err := back.UnmarshalMsg(buf); err != nil {
			b.Fatal(err)
		}
	}
}

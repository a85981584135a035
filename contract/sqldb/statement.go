package sqldb

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*Statement)(nil)

// Statement is the input of SqlDb.Execute and SqlDb.Query.
type Statement struct {
	// SQL is the statement text, with positional placeholders ($1, $2, … for PostgreSQL,
	// ? for MySQL).
	SQL string
	// Database optionally names the database to run on; nil means the link's database.
	Database *string
	// Parameters are the values bound to the placeholders, in order, each one CBOR-encoded
	// (see EncodeParams). nil means none.
	Parameters [][]byte
}

// AppendMsg appends the msgpack encoding of s to b: {sql, database?, parameters?}. Absent
// optional members are left out; each parameter is written as an array of u8 integers, as
// Rust actors do, so that wasmCloud providers accept it.
func (s *Statement) AppendMsg(b []byte) []byte {
	n := uint32(1)
	if s.Database != nil {
		n++
	}
	if len(s.Parameters) > 0 {
		n++
	}
	b = codec.AppendMapHeader(b, n)
	b = codec.AppendString(b, "sql")
	b = codec.AppendString(b, s.SQL)
	if s.Database != nil {
		b = codec.AppendString(b, "database")
		b = codec.AppendString(b, *s.Database)
	}
	if len(s.Parameters) > 0 {
		b = codec.AppendString(b, "parameters")
		b = codec.AppendArrayHeader(b, uint32(len(s.Parameters)))
		for _, p := range s.Parameters {
			b = appendByteList(b, p)
		}
	}
	return b
}

// UnmarshalMsg decodes a whole payload into s. Parameters may be bin or arrays of u8
// integers; an empty or nil list reads as nil.
func (s *Statement) UnmarshalMsg(b []byte) error {
	*s = Statement{}
	return codec.DecodeMap(b, "sqldb.Statement", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "sql":
			s.SQL, rest, err = codec.ReadString(v)
		case "database":
			s.Database, rest, err = codec.ReadOptionalString(v)
		case "parameters":
			s.Parameters, rest, err = readBlobs(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}

// readBlobs reads an optional list of Blob; nil and an empty list read as nil.
func readBlobs(b []byte) ([][]byte, []byte, error) {
	if isNil(b) {
		return nil, b[1:], nil
	}
	n, rest, err := codec.ReadArrayHeader(b)
	if err != nil || n == 0 {
		return nil, rest, err
	}
	list := make([][]byte, n)
	for i := range list {
		if list[i], rest, err = codec.ReadBlob(rest); err != nil {
			return nil, b, elemError("parameters", i, err)
		}
	}
	return list, rest, nil
}

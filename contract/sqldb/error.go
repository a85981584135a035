package sqldb

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*SqlDbError)(nil)

// Codes of SqlDbError, as wasmCloud sqldb providers report them.
const (
	CodeConfig   = "config"   // the link or the statement asks for something the provider is not set up for
	CodeDB       = "db"       // the database refused or failed the statement
	CodeIO       = "io"       // the database could not be reached
	CodeNotFound = "notFound" // a named object does not exist
	CodeEncoding = "encoding" // a value could not be encoded (a parameter, or the result rows)
	CodeDecoding = "decoding" // a value could not be decoded (a parameter's CBOR)
	CodeProvider = "provider" // the provider failed or hit one of its limits
	CodeOther    = "other"    // anything else
)

// SqlDbError is the error member of a result: why a statement failed.
type SqlDbError struct {
	// Code classifies the failure: one of the Code constants.
	Code string
	// Message is the human-readable detail, usually the database's own message.
	Message string
}

// Error implements error, so that callers can return a result's error as a Go error.
func (e *SqlDbError) Error() string { return "sqldb " + e.Code + ": " + e.Message }

// AppendMsg appends the msgpack encoding of e to b: {code, message}.
func (e *SqlDbError) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 2)
	b = codec.AppendString(b, "code")
	b = codec.AppendString(b, e.Code)
	b = codec.AppendString(b, "message")
	return codec.AppendString(b, e.Message)
}

// UnmarshalMsg decodes a whole payload into e.
func (e *SqlDbError) UnmarshalMsg(b []byte) error {
	rest, err := e.read(b)
	if err == nil && len(rest) > 0 {
		err = codec.ErrTrailingBytes
	}
	return err
}

// read reads e as a map and returns the bytes after it.
func (e *SqlDbError) read(b []byte) ([]byte, error) {
	*e = SqlDbError{}
	return codec.ReadMap(b, "sqldb.SqlDbError", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "code":
			e.Code, rest, err = codec.ReadString(v)
		case "message":
			e.Message, rest, err = codec.ReadString(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}

// readOptionalError reads an optional SqlDbError member: nil means absent.
func readOptionalError(b []byte) (*SqlDbError, []byte, error) {
	if isNil(b) {
		return nil, b[1:], nil
	}
	e := new(SqlDbError)
	rest, err := e.read(b)
	if err != nil {
		return nil, b, err
	}
	return e, rest, nil
}

// appendOptionalError appends the error member of a result when e is set.
func appendOptionalError(b []byte, e *SqlDbError) []byte {
	if e == nil {
		return b
	}
	return e.AppendMsg(codec.AppendString(b, "error"))
}

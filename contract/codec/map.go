package codec

import "strconv"

// FieldFunc decodes the value of one map entry. key is the entry's key (only
// valid during the call); val starts at the entry's value. It returns the
// bytes after the value. For keys it does not know it returns Skip(val).
type FieldFunc func(key, val []byte) (rest []byte, err error)

// ReadMap reads a structure encoded as a msgpack map, calling field for each
// entry in wire order, and returns the bytes after the map. typeName (e.g.
// "keyvalue.SetRequest") and the key name the context of any error.
func ReadMap(b []byte, typeName string, field FieldFunc) ([]byte, error) {
	n, rest, err := readMapHeader(b)
	if err != nil {
		return b, wrapError("decode "+typeName+": ", err, "")
	}
	for i := range n {
		key, val, err := readStrBin(rest, "str")
		if err != nil {
			return b, wrapError("decode "+typeName+" key of entry "+strconv.Itoa(i)+": ", err, "")
		}
		if rest, err = field(key, val); err != nil {
			return b, wrapError("decode "+typeName+" field "+strconv.Quote(string(key))+": ", err, "")
		}
	}
	return rest, nil
}

// DecodeMap decodes a whole payload that must hold exactly one map: an empty
// payload or bytes after the map are errors.
func DecodeMap(b []byte, typeName string, field FieldFunc) error {
	if len(b) == 0 {
		return wrapError("decode "+typeName+": empty payload: ", ErrTruncated, "")
	}
	rest, err := ReadMap(b, typeName, field)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return wrapError("decode "+typeName+": ", ErrTrailingBytes, " ("+strconv.Itoa(len(rest))+" bytes)")
	}
	return nil
}

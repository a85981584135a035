package keyvalue

import "github.com/trellis-lattice/trellis/contract/codec"

// Keys of the list and set request members.
const (
	keyListName       = "listName"
	keyLegacyListName = "list_name" // spelling before 2021-08-19
	keySetName        = "setName"
)

// appendNameValue appends the two-member map {<nameKey>: name, value: value}
// shared by the list and set requests.
func appendNameValue(b []byte, nameKey, name, value string) []byte {
	b = codec.AppendMapHeader(b, 2)
	b = codec.AppendString(b, nameKey)
	b = codec.AppendString(b, name)
	b = codec.AppendString(b, "value")
	return codec.AppendString(b, value)
}

// decodeNameValue decodes a {<nameKey>: name, value: value} payload. The
// legacy spelling list_name is accepted for listName.
func decodeNameValue(b []byte, typeName, nameKey string, name, value *string) error {
	*name, *value = "", ""
	return codec.DecodeMap(b, typeName, func(key, v []byte) (rest []byte, err error) {
		switch k := string(key); {
		case k == nameKey, nameKey == keyListName && k == keyLegacyListName:
			*name, rest, err = codec.ReadString(v)
		case k == "value":
			*value, rest, err = codec.ReadString(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}

package codec

import "fmt"

// kind is the msgpack type family a leading byte introduces.
type kind uint8

const (
	kindInvalid kind = iota
	kindNil
	kindBool
	kindInt  // positive or negative fixint, int8 to int64
	kindUint // uint8 to uint64
	kindFloat32
	kindFloat64
	kindStr
	kindBin
	kindArray
	kindMap
	kindExt
)

// kindOf classifies the msgpack value introduced by the byte lead.
func kindOf(lead byte) kind {
	switch {
	case lead <= 0x7f, lead >= 0xe0:
		return kindInt
	case lead <= 0x8f:
		return kindMap
	case lead <= 0x9f:
		return kindArray
	case lead <= 0xbf:
		return kindStr
	}
	switch lead {
	case 0xc0:
		return kindNil
	case 0xc2, 0xc3:
		return kindBool
	case 0xc4, 0xc5, 0xc6:
		return kindBin
	case 0xca:
		return kindFloat32
	case 0xcb:
		return kindFloat64
	case 0xcc, 0xcd, 0xce, 0xcf:
		return kindUint
	case 0xd0, 0xd1, 0xd2, 0xd3:
		return kindInt
	case 0xd9, 0xda, 0xdb:
		return kindStr
	case 0xdc, 0xdd:
		return kindArray
	case 0xde, 0xdf:
		return kindMap
	case 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		return kindExt
	}
	return kindInvalid
}

// String names the kind as TypeError reports it.
func (k kind) String() string {
	switch k {
	case kindNil:
		return "nil"
	case kindBool:
		return "bool"
	case kindInt, kindUint:
		return "int"
	case kindFloat32:
		return "float32"
	case kindFloat64:
		return "float64"
	case kindStr:
		return "str"
	case kindBin:
		return "bin"
	case kindArray:
		return "array"
	case kindMap:
		return "map"
	case kindExt:
		return "ext"
	}
	return "invalid"
}

// describe names the value introduced by lead for error messages, including
// the byte itself when it is not a valid msgpack prefix.
func describe(lead byte) string {
	if k := kindOf(lead); k != kindInvalid {
		return k.String()
	}
	return fmt.Sprintf("invalid byte 0x%02x", lead)
}

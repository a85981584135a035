package cbor

// Major types (RFC 8949 §3.1), in the top 3 bits of an item's first byte.
const (
	majorUint   byte = 0
	majorNegInt byte = 1
	majorBytes  byte = 2
	majorText   byte = 3
	majorArray  byte = 4
	majorMap    byte = 5
	majorTag    byte = 6
	majorSimple byte = 7
)

// Additional information values (the low 5 bits of the first byte) that say
// where an item's argument is.
const (
	infoUint8      byte = 24 // argument in the next byte
	infoUint16     byte = 25 // next 2 bytes (also: half float)
	infoUint32     byte = 26 // next 4 bytes (also: single float)
	infoUint64     byte = 27 // next 8 bytes (also: double float)
	infoIndefinite byte = 31 // indefinite length (also: break)
)

// Single-byte items of major type 7.
const (
	simpleFalse     byte = 0xf4
	simpleTrue      byte = 0xf5
	simpleNull      byte = 0xf6
	simpleUndefined byte = 0xf7
	leadFloat16     byte = 0xf9
	leadFloat32     byte = 0xfa
	leadFloat64     byte = 0xfb
	leadBreak       byte = 0xff
)

// indefinite is the argument head returns for additional information 31:
// an indefinite-length item, or a break. Callers test info, not this value.
const indefinite = ^uint64(0)

// head reads the first byte of an item and its argument: the value of an
// integer, the length of a string, the count of an array or map, the tag
// number, or the bits of a float. For info 31 it returns arg == indefinite;
// major types 0, 1 and 6 cannot be indefinite, and 28 to 30 are reserved
// (ErrMalformed). It does not read the string bytes or the nested items.
func head(b []byte) (major, info byte, arg uint64, rest []byte, err error) {
	if len(b) == 0 {
		return 0, 0, 0, b, ErrTruncated
	}
	major, info = b[0]>>5, b[0]&0x1f
	switch {
	case info < infoUint8:
		return major, info, uint64(info), b[1:], nil
	case info == infoUint8:
		if len(b) < 2 {
			return 0, 0, 0, b, ErrTruncated
		}
		return major, info, uint64(b[1]), b[2:], nil
	case info == infoUint16:
		if len(b) < 3 {
			return 0, 0, 0, b, ErrTruncated
		}
		return major, info, uint64(be16(b[1:])), b[3:], nil
	case info == infoUint32:
		if len(b) < 5 {
			return 0, 0, 0, b, ErrTruncated
		}
		return major, info, uint64(be32(b[1:])), b[5:], nil
	case info == infoUint64:
		if len(b) < 9 {
			return 0, 0, 0, b, ErrTruncated
		}
		return major, info, be64(b[1:]), b[9:], nil
	case info == infoIndefinite:
		switch major {
		case majorUint, majorNegInt, majorTag:
			return 0, 0, 0, b, ErrMalformed
		}
		return major, info, indefinite, b[1:], nil
	}
	return 0, 0, 0, b, ErrMalformed // 28, 29, 30: reserved
}

// appendHead appends the first byte of an item of type major with argument
// arg, in the smallest form (preferred serialization, RFC 8949 §4.1).
func appendHead(b []byte, major byte, arg uint64) []byte {
	m := major << 5
	switch {
	case arg < uint64(infoUint8):
		return append(b, m|byte(arg))
	case arg <= 0xff:
		return append(b, m|infoUint8, byte(arg))
	case arg <= 0xffff:
		return append(b, m|infoUint16, byte(arg>>8), byte(arg))
	case arg <= 0xffffffff:
		return append(b, m|infoUint32, byte(arg>>24), byte(arg>>16), byte(arg>>8), byte(arg))
	}
	return appendBE64(append(b, m|infoUint64), arg)
}

// appendBE64 appends v as 8 big-endian bytes.
func appendBE64(b []byte, v uint64) []byte {
	return append(b, byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32),
		byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

// be16 decodes 2 big-endian bytes; b must hold them.
func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }

// be32 decodes 4 big-endian bytes; b must hold them.
func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// be64 decodes 8 big-endian bytes; b must hold them.
func be64(b []byte) uint64 { return uint64(be32(b))<<32 | uint64(be32(b[4:])) }

// describe names the item introduced by lead for error messages.
func describe(lead byte) string {
	major, info := lead>>5, lead&0x1f
	if info >= 28 && info <= 30 {
		return "invalid byte 0x" + hexByte(lead)
	}
	switch major {
	case majorUint:
		return "unsigned integer"
	case majorNegInt:
		return "negative integer"
	case majorBytes:
		return "byte string"
	case majorText:
		return "text string"
	case majorArray:
		return "array"
	case majorMap:
		return "map"
	case majorTag:
		return "tag"
	}
	switch lead {
	case simpleFalse, simpleTrue:
		return "bool"
	case simpleNull:
		return "null"
	case simpleUndefined:
		return "undefined"
	case leadFloat16, leadFloat32, leadFloat64:
		return "float"
	case leadBreak:
		return "break"
	}
	return "simple value"
}

// hexByte formats v as two lowercase hex digits.
func hexByte(v byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[v>>4], digits[v&0x0f]})
}

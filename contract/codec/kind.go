package codec

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
	case lead <= posFixintMax, lead >= negFixintLead:
		return kindInt
	case lead <= fixmapPrefix|fixmapMax:
		return kindMap
	case lead <= fixarrayPrefix|fixarrayMax:
		return kindArray
	case lead <= fixstrPrefix|fixstrMax:
		return kindStr
	}
	switch lead {
	case mNil:
		return kindNil
	case mFalse, mTrue:
		return kindBool
	case mBin8, mBin16, mBin32:
		return kindBin
	case mFloat32:
		return kindFloat32
	case mFloat64:
		return kindFloat64
	case mUint8, mUint16, mUint32, mUint64:
		return kindUint
	case mInt8, mInt16, mInt32, mInt64:
		return kindInt
	case mStr8, mStr16, mStr32:
		return kindStr
	case mArray16, mArray32:
		return kindArray
	case mMap16, mMap32:
		return kindMap
	case mExt8, mExt16, mExt32, mFixExt1, mFixExt2, mFixExt4, mFixExt8, mFixExt16:
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
	const hex = "0123456789abcdef"
	return "invalid byte 0x" + string([]byte{hex[lead>>4], hex[lead&0x0f]})
}

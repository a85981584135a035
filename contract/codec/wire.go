package codec

// The msgpack formats, by their first byte (the msgpack specification's
// format table). Fixed-size families carry their value or length in the low
// bits of the first byte: positive fixint 0x00–0x7f, fixmap 0x80–0x8f,
// fixarray 0x90–0x9f, fixstr 0xa0–0xbf and negative fixint 0xe0–0xff. 0xc1 is
// never used.
const (
	fixmapPrefix   = 0x80 // fixmap: 0x80 | entries (0–15)
	fixarrayPrefix = 0x90 // fixarray: 0x90 | elements (0–15)
	fixstrPrefix   = 0xa0 // fixstr: 0xa0 | length (0–31)

	fixmapMax   = 0x0f // entries a fixmap holds at most
	fixarrayMax = 0x0f // elements a fixarray holds at most
	fixstrMax   = 0x1f // bytes a fixstr holds at most

	posFixintMax  = 0x7f // largest positive fixint
	negFixintMin  = -32  // smallest negative fixint
	negFixintLead = 0xe0 // first byte of the negative fixints (-32)

	mNil      = 0xc0
	mInvalid  = 0xc1
	mFalse    = 0xc2
	mTrue     = 0xc3
	mBin8     = 0xc4
	mBin16    = 0xc5
	mBin32    = 0xc6
	mExt8     = 0xc7
	mExt16    = 0xc8
	mExt32    = 0xc9
	mFloat32  = 0xca
	mFloat64  = 0xcb
	mUint8    = 0xcc
	mUint16   = 0xcd
	mUint32   = 0xce
	mUint64   = 0xcf
	mInt8     = 0xd0
	mInt16    = 0xd1
	mInt32    = 0xd2
	mInt64    = 0xd3
	mFixExt1  = 0xd4
	mFixExt2  = 0xd5
	mFixExt4  = 0xd6
	mFixExt8  = 0xd7
	mFixExt16 = 0xd8
	mStr8     = 0xd9
	mStr16    = 0xda
	mStr32    = 0xdb
	mArray16  = 0xdc
	mArray32  = 0xdd
	mMap16    = 0xde
	mMap32    = 0xdf
)

package codec_test

import (
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

var intSeeds = [][]byte{{0x05}, {0xcd, 0x00, 0x05}, {0xd2, 0, 0, 0, 3}, {0xff}, {0xcb, 0x40, 0x14, 0, 0, 0, 0, 0, 0}, {0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}

func FuzzDecodeString(f *testing.F) {
	codectest.FuzzValue(f, codec.DecodeString, codec.EncodeString, []byte("\xa4pong"), []byte("\xc4\x02hi"), nil)
}

func FuzzDecodeBool(f *testing.F) {
	codectest.FuzzValue(f, codec.DecodeBool, codec.EncodeBool, []byte{0xc3}, []byte{0xc2}, []byte{0xc0})
}

func FuzzDecodeI32(f *testing.F) {
	codectest.FuzzValue(f, codec.DecodeI32, codec.EncodeI32, intSeeds...)
}

func FuzzDecodeU32(f *testing.F) {
	codectest.FuzzValue(f, codec.DecodeU32, codec.EncodeU32, intSeeds...)
}

func FuzzDecodeStrings(f *testing.F) {
	codectest.FuzzValue(f, codec.DecodeStrings, codec.EncodeStrings, []byte("\x92\xa1a\xa2bc"), []byte{0x90}, []byte{0xdd, 0xff, 0xff, 0xff, 0xff})
}

func FuzzReadBlob(f *testing.F) {
	for _, s := range [][]byte{[]byte("\xc4\x05hello"), []byte("\xa5hello"), {0x93, 0x68, 0xcc, 0x69, 0xd0, 0x21}, {0xc6, 0xff, 0xff, 0xff, 0xff}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, rest, err := codec.ReadBlob(data)
		if err == nil && len(v)+len(rest) > len(data) {
			t.Fatalf("read %d bytes with %d left from %d", len(v), len(rest), len(data))
		}
	})
}

func FuzzReadStringsMap(f *testing.F) {
	for _, s := range [][]byte{[]byte("\x81\xa4host\xa9localhost"), []byte("\x81\xa1a\x92\xa1x\xa1y"), {0x80}, {0xdf, 0xff, 0xff, 0xff, 0xff}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, rest, err := codec.ReadStringsMap(data)
		if err != nil || len(rest) != 0 {
			return
		}
		enc := codec.AppendStringsMap(nil, m)
		if size := codec.StringsMapSize(m); size < len(enc) {
			t.Fatalf("StringsMapSize = %d, below the encoded size %d", size, len(enc))
		}
		back, _, err := codec.ReadStringsMap(enc)
		if err != nil || len(back) != len(m) {
			t.Fatalf("round trip: %v, %d entries, want %d", err, len(back), len(m))
		}
	})
}

func FuzzSkip(f *testing.F) {
	for _, s := range [][]byte{[]byte("\x82\xa1x\xff\xa1y\x07"), {0x92, 0x01, 0xc1}, {0xd6, 0xff, 0, 0, 0, 0}, {0xdf, 0xff, 0xff, 0xff, 0xff}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p point
		_ = p.UnmarshalMsg(data)
		for _, read := range []func([]byte) (uint64, []byte, error){codec.ReadU64, widen(codec.ReadU8), widen(codec.ReadU16)} {
			_, _, _ = read(data)
		}
		_, _, _ = codec.ReadI64(data)
		_, _, _ = codec.ReadOptionalString(data)
	})
}

func widen[T uint8 | uint16](read func([]byte) (T, []byte, error)) func([]byte) (uint64, []byte, error) {
	return func(b []byte) (uint64, []byte, error) {
		v, rest, err := read(b)
		return uint64(v), rest, err
	}
}

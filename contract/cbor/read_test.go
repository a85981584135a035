package cbor

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestReadInt(t *testing.T) {
	tests := []struct {
		hex  string
		want int64
		err  error
	}{
		{hex: "00", want: 0},
		{hex: "1818", want: 24},
		{hex: "1b7fffffffffffffff", want: math.MaxInt64},
		{hex: "1b8000000000000000", err: &RangeError{}},
		{hex: "3b7fffffffffffffff", want: math.MinInt64},
		{hex: "3b8000000000000000", err: &RangeError{}},
		{hex: "3863", want: -100},
		{hex: "19ff", err: ErrTruncated},
		{hex: "", err: ErrTruncated},
		{hex: "f93c00", err: &TypeError{}},
		{hex: "1c", err: ErrMalformed},
		{hex: "1f", err: ErrMalformed},
	}
	for _, tc := range tests {
		data := unhex(t, tc.hex)
		got, rest, err := ReadInt(data)
		if !matchErr(err, tc.err) || err == nil && (got != tc.want || len(rest) != 0) {
			t.Errorf("ReadInt(%s) = %d, %x, %v; want %d, %v", tc.hex, got, rest, err, tc.want, tc.err)
		}
		if err != nil && !bytes.Equal(rest, data) {
			t.Errorf("ReadInt(%s) error did not return the input", tc.hex)
		}
	}
}

// matchErr reports whether err is want: the same sentinel, or an error of
// the same type for TypeError and RangeError.
func matchErr(err, want error) bool {
	var te *TypeError
	var re *RangeError
	switch want.(type) {
	case nil:
		return err == nil
	case *TypeError:
		return errors.As(err, &te)
	case *RangeError:
		return errors.As(err, &re)
	}
	return errors.Is(err, want)
}

func TestTypedReaders(t *testing.T) {
	if v, _, err := ReadUint(unhex(t, "1b8000000000000000")); err != nil || v != 1<<63 {
		t.Errorf("ReadUint = %d, %v", v, err)
	}
	if _, _, err := ReadUint(unhex(t, "20")); !matchErr(err, &TypeError{}) {
		t.Errorf("ReadUint(-1) err = %v", err)
	}
	if v, _, err := ReadFloat(unhex(t, "f93e00")); err != nil || v != 1.5 {
		t.Errorf("ReadFloat(half 1.5) = %v, %v", v, err)
	}
	if _, _, err := ReadFloat(unhex(t, "01")); !matchErr(err, &TypeError{}) {
		t.Errorf("ReadFloat(int) err = %v, want TypeError", err)
	}
	if _, _, err := ReadFloat(unhex(t, "fa0000")); !errors.Is(err, ErrTruncated) {
		t.Errorf("ReadFloat(short) err = %v", err)
	}
	if v, rest, err := ReadText(unhex(t, "7f657374726561646d696e67ff01")); err != nil || v != "streaming" || !bytes.Equal(rest, []byte{1}) {
		t.Errorf("ReadText(indefinite) = %q, %x, %v", v, rest, err)
	}
	if v, _, err := ReadBytes(unhex(t, "5f42010243030405ff")); err != nil || !bytes.Equal(v, []byte{1, 2, 3, 4, 5}) {
		t.Errorf("ReadBytes(indefinite) = %x, %v", v, err)
	}
	if v, _, err := ReadBytes(unhex(t, "40")); err != nil || v != nil {
		t.Errorf("ReadBytes(empty) = %#v, %v; want nil", v, err)
	}
	data := unhex(t, "4401020304")
	v, _, _ := ReadBytes(data)
	v[0] = 9
	if data[1] != 1 {
		t.Error("ReadBytes result aliases the input")
	}
	if !IsNull([]byte{0xf6}) || !IsNull([]byte{0xf7}) || IsNull([]byte{0x00}) || IsNull(nil) {
		t.Error("IsNull wrong")
	}
	if rest, err := ReadNull([]byte{0xf7, 1}); err != nil || len(rest) != 1 {
		t.Errorf("ReadNull(undefined) = %x, %v", rest, err)
	}
	if _, err := ReadNull([]byte{0xf5}); !matchErr(err, &TypeError{}) {
		t.Errorf("ReadNull(true) err = %v", err)
	}
	if b, _, err := ReadBool([]byte{0xf5}); err != nil || !b {
		t.Errorf("ReadBool = %v, %v", b, err)
	}
	if n, rest, err := ReadArrayHeader(unhex(t, "9f01ff")); err != nil || n != -1 || !IsBreak(rest[1:]) {
		t.Errorf("ReadArrayHeader(indefinite) = %d, %x, %v", n, rest, err)
	}
	if rest, err := ReadBreak([]byte{0xff}); err != nil || len(rest) != 0 {
		t.Errorf("ReadBreak = %x, %v", rest, err)
	}
	if n, _, err := ReadMapHeader(unhex(t, "a2616101616202")); err != nil || n != 2 {
		t.Errorf("ReadMapHeader = %d, %v", n, err)
	}
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		name, hex string
		err       error
	}{
		{"empty", "", ErrTruncated},
		{"huge array count", "9bffffffffffffffff", ErrTruncated},
		{"array count beyond input", "9a0000ffff00", ErrTruncated},
		{"huge map count", "bb7fffffffffffffff0000", ErrTruncated},
		{"huge byte string", "5bffffffffffffffff00", ErrTruncated},
		{"text beyond input", "6461", ErrTruncated},
		{"indefinite without break", "9f01", ErrTruncated},
		{"reserved info 28", "1c", ErrMalformed},
		{"reserved info 30 on map", "be", ErrMalformed},
		{"indefinite uint", "1f", ErrMalformed},
		{"indefinite tag", "df00", ErrMalformed},
		{"lone break", "ff", ErrMalformed},
		{"break as map key of definite map", "a1ff00", ErrMalformed},
		{"break between key and value", "bf6161ff", ErrMalformed},
		{"bytes chunk in text", "7f4161ff", ErrMalformed},
		{"nested indefinite chunk", "5f5fffff", ErrMalformed},
		{"two-byte simple below 32", "f810", ErrMalformed},
		{"invalid utf-8", "62c328", ErrInvalidUTF8},
		{"trailing bytes", "0000", ErrTrailingBytes},
		{"too deep arrays", strings.Repeat("81", MaxDepth+1) + "00", ErrTooDeep},
		{"too deep tags", strings.Repeat("c1", MaxDepth+1) + "00", ErrTooDeep},
		{"too deep maps", strings.Repeat("a16161", MaxDepth+1) + "00", ErrTooDeep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := unhex(t, tc.hex)
			if _, err := Decode(data); !errors.Is(err, tc.err) {
				t.Errorf("Decode err = %v, want %v", err, tc.err)
			}
			rest, err := Skip(data)
			if tc.err == ErrTrailingBytes || tc.err == ErrInvalidUTF8 { // Skip checks neither
				return
			}
			if !errors.Is(err, tc.err) || !bytes.Equal(rest, data) {
				t.Errorf("Skip = %x, %v; want input, %v", rest, err, tc.err)
			}
		})
	}
}

func TestMaxDepthAccepted(t *testing.T) {
	data := unhex(t, strings.Repeat("81", MaxDepth)+"00")
	if _, err := Decode(data); err != nil {
		t.Errorf("Decode at MaxDepth: %v", err)
	}
	if _, err := Skip(data); err != nil {
		t.Errorf("Skip at MaxDepth: %v", err)
	}
}

func TestAppendValue(t *testing.T) {
	v := map[string]any{
		"bb": int8(-3), "a": uint16(7), "ccc": []any{float32(1.5), nil, true},
		"b": []byte("x"), "aa": map[string]any{},
	}
	got, err := AppendValue([]byte{0x7f}, v)
	if err != nil {
		t.Fatal(err)
	}
	// keys: "a", "b", "aa", "bb", "ccc" (shorter first, then bytewise)
	want := unhex(t, "7f"+"a5"+"616107"+"61624178"+"626161a0"+"626262"+"22"+"63636363"+"83fa3fc00000f6f5")
	if !bytes.Equal(got, want) {
		t.Errorf("AppendValue =\n%x\nwant\n%x", got, want)
	}
	back, err := Decode(got[1:])
	if err != nil {
		t.Fatal(err)
	}
	wantBack := map[string]any{"bb": int64(-3), "a": int64(7), "ccc": []any{1.5, nil, true}, "b": []byte("x"), "aa": map[string]any{}}
	if !sameValue(back, wantBack) {
		t.Errorf("Decode = %#v", back)
	}
}

func TestAppendValueErrors(t *testing.T) {
	prefix := []byte{1, 2}
	for _, v := range []any{
		[]string{"x"}, map[string]string{}, struct{}{}, make(chan int), []any{1, complex(1, 2)},
	} {
		got, err := AppendValue(prefix, v)
		var te *TypeError
		if !errors.As(err, &te) || !bytes.Equal(got, prefix) {
			t.Errorf("AppendValue(%T) = %x, %v; want prefix and TypeError", v, got, err)
		}
	}
	_, err := AppendValue(nil, []any{"ok"})
	if err != nil {
		t.Error(err)
	}
	if _, err := AppendValue(nil, "\xff"); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("invalid UTF-8 err = %v", err)
	}
	cyclic := []any{nil}
	cyclic[0] = cyclic
	if _, err := AppendValue(nil, cyclic); !errors.Is(err, ErrTooDeep) {
		t.Errorf("cyclic err = %v, want ErrTooDeep", err)
	}
	if _, err := AppendValue(nil, []string{}); err == nil || !strings.Contains(err.Error(), "[]string") {
		t.Errorf("error does not name the type: %v", err)
	}
}

func TestReadValueRest(t *testing.T) {
	v, rest, err := ReadValue(unhex(t, "8201020304"))
	if err != nil || !sameValue(v, []any{int64(1), int64(2)}) || !bytes.Equal(rest, []byte{3, 4}) {
		t.Errorf("ReadValue = %v, %x, %v", v, rest, err)
	}
}

func TestFloat16(t *testing.T) {
	for h := range 1 << 16 {
		got := float16to64(uint16(h))
		exp, mant := h>>10&0x1f, h&0x3ff
		sign := 1.0
		if h&0x8000 != 0 {
			sign = -1
		}
		var want float64
		switch {
		case exp == 0x1f && mant != 0:
			if !math.IsNaN(got) {
				t.Fatalf("%04x: %v, want NaN", h, got)
			}
			continue
		case exp == 0x1f:
			want = sign * math.Inf(1)
		case exp == 0:
			want = sign * float64(mant) / (1 << 24)
		default:
			want = sign * (1 + float64(mant)/1024) * math.Pow(2, float64(exp-15))
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%04x: %v, want %v", h, got, want)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	data, _ := AppendValue(nil, map[string]any{"objectId": "o", "containerId": "c", "bytes": make([]byte, 1024), "offset": 0, "isLast": true})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSkip(b *testing.B) {
	data, _ := AppendValue(nil, map[string]any{"objectId": "o", "containerId": "c", "bytes": make([]byte, 1024), "offset": 0, "isLast": true})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Skip(data); err != nil {
			b.Fatal(err)
		}
	}
}

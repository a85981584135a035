package wasmbin_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

func TestSections(t *testing.T) {
	mod := module(typeSec, custom("jwt", "tok"), section(5, []byte{1, 0, 1}))
	got, err := wasmbin.Sections(mod)
	if err != nil {
		t.Fatal(err)
	}
	want := []wasmbin.Section{
		{ID: 1, Offset: 8, ContentOffset: 10, Size: 4, DataOffset: 10},
		{ID: 0, Offset: 14, ContentOffset: 16, Size: 7, Name: "jwt", DataOffset: 20},
		{ID: 5, Offset: 23, ContentOffset: 25, Size: 3, DataOffset: 25},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Sections:\n got %+v\nwant %+v", got, want)
	}
	if d := string(got[1].Data(mod)); d != "tok" {
		t.Errorf("custom payload = %q, want %q", d, "tok")
	}
	if got[2].End() != len(mod) {
		t.Errorf("last section ends at %d, module is %d bytes", got[2].End(), len(mod))
	}
}

func TestSectionsErrors(t *testing.T) {
	header := "\x00asm\x01\x00\x00\x00"
	big := module(section(1, make([]byte, 0x1220))) // pushes the next section to offset 0x122b
	tests := []struct {
		name   string
		mod    []byte
		kind   error
		offset int
		msg    string
	}{
		{"empty", nil, wasmbin.ErrNotWasm, 0, `not a WebAssembly module (missing \0asm magic)`},
		{"text file", []byte("hello world"), wasmbin.ErrNotWasm, 0, `not a WebAssembly module (missing \0asm magic)`},
		{"short header", []byte("\x00asm\x01"), wasmbin.ErrTruncated, 5, "truncated header: 5 bytes, want 8"},
		{"version 2", []byte("\x00asm\x02\x00\x00\x00"), wasmbin.ErrUnsupportedVersion, 4, "unsupported wasm version 2"},
		{"component", []byte("\x00asm\x0d\x00\x01\x00"), wasmbin.ErrUnsupportedVersion, 4, "unsupported wasm version 65549"},
		{"truncated section", append(slices.Clone(big), 5, 0x84, 0x07, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
			wasmbin.ErrTruncated, 0x122b, "truncated section 5 at offset 0x122b: declares 900 bytes, 12 remain"},
		{"size ends early", []byte(header + "\x01\x80\x80"), wasmbin.ErrTruncated, 9,
			"truncated section 1 at offset 0x9: size ends inside a LEB128 integer"},
		{"size too long", []byte(header + "\x01\x80\x80\x80\x80\x80\x00"), wasmbin.ErrBadLEB128, 9,
			"bad LEB128 size in section 1 at offset 0x9: longer than 5 bytes"},
		{"size overflows", []byte(header + "\x01\xff\xff\xff\xff\x1f"), wasmbin.ErrBadLEB128, 9,
			"bad LEB128 size in section 1 at offset 0x9: value exceeds 32 bits"},
		{"custom name too long", []byte(header + "\x00\x03\x05ab"), wasmbin.ErrTruncated, 11,
			"truncated custom section at offset 0xb: name declares 5 bytes, 2 remain"},
		{"custom without name", []byte(header + "\x00\x00"), wasmbin.ErrTruncated, 10,
			"truncated custom section at offset 0xa: name length ends inside a LEB128 integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wasmbin.Sections(tt.mod)
			if err == nil {
				t.Fatal("Sections succeeded, want an error")
			}
			if err.Error() != tt.msg {
				t.Errorf("error = %q\n     want %q", err, tt.msg)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.kind)
			}
			var fe *wasmbin.FormatError
			if !errors.As(err, &fe) || fe.Offset != tt.offset {
				t.Errorf("FormatError offset = %+v, want %#x", fe, tt.offset)
			}
		})
	}
}

func TestSectionIDString(t *testing.T) {
	for id, want := range map[wasmbin.SectionID]string{0: "custom", 7: "export", 12: "datacount", 13: "section 13"} {
		if got := id.String(); got != want {
			t.Errorf("SectionID(%d).String() = %q, want %q", id, got, want)
		}
	}
}

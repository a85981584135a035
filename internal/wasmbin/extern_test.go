package wasmbin_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

func TestImportsExports(t *testing.T) {
	imports := section(2, vec(
		append(append(name("wasmbus"), name("__host_call")...), 0x00, 0x03),
		append(append(name("env"), name("table")...), 0x01, 0x70, 0x01, 0x01, 0x10),
		append(append(name("env"), name("memory")...), 0x02, 0x03, 0x01, 0x80, 0x02),                  // shared, max 256
		append(append(name("env"), name("mem64")...), 0x02, 0x04, 0x81, 0x80, 0x80, 0x80, 0x80, 0x01), // 64-bit minimum
		append(append(name("env"), name("g")...), 0x03, 0x7f, 0x00),
		append(append(name("env"), name("ref")...), 0x03, 0x63, 0x70, 0x01), // (ref null func), mutable
		append(append(name("env"), name("exn")...), 0x04, 0x00, 0x02),
	))
	mod := module(typeSec, imports, funcSec, exportSec(export("__guest_call", 0, 7), export("memory", 2, 0), export("t", 4, 0)))

	gotIm, err := wasmbin.Imports(mod)
	if err != nil {
		t.Fatal(err)
	}
	wantIm := []wasmbin.Import{
		{"wasmbus", "__host_call", wasmbin.ExternFunc}, {"env", "table", wasmbin.ExternTable},
		{"env", "memory", wasmbin.ExternMemory}, {"env", "mem64", wasmbin.ExternMemory},
		{"env", "g", wasmbin.ExternGlobal}, {"env", "ref", wasmbin.ExternGlobal}, {"env", "exn", wasmbin.ExternTag},
	}
	if !slices.Equal(gotIm, wantIm) {
		t.Errorf("Imports:\n got %v\nwant %v", gotIm, wantIm)
	}
	gotEx, err := wasmbin.Exports(mod)
	if err != nil {
		t.Fatal(err)
	}
	wantEx := []wasmbin.Export{{"__guest_call", wasmbin.ExternFunc, 7}, {"memory", wasmbin.ExternMemory, 0}, {"t", wasmbin.ExternTag, 0}}
	if !slices.Equal(gotEx, wantEx) {
		t.Errorf("Exports:\n got %v\nwant %v", gotEx, wantEx)
	}
}

func TestImportsExportsAbsent(t *testing.T) {
	mod := module(typeSec)
	if im, err := wasmbin.Imports(mod); err != nil || im != nil {
		t.Errorf("Imports = %v, %v; want nil, nil", im, err)
	}
	if ex, err := wasmbin.Exports(mod); err != nil || ex != nil {
		t.Errorf("Exports = %v, %v; want nil, nil", ex, err)
	}
}

func TestImportsExportsErrors(t *testing.T) {
	tests := []struct {
		name string
		mod  []byte
		msg  string
	}{
		{"unknown import kind", module(section(2, vec(append(append(name("m"), name("f")...), 0x07)))),
			"import 0 m.f at offset 0xf: unknown kind 0x7"},
		{"bad limits", module(section(2, vec(append(append(name("m"), name("f")...), 0x02, 0x08, 0x00)))),
			"import 0 at offset 0x10: unknown limits flags 0x8"},
		{"truncated import", module(section(2, vec(append(name("m"), 0x05)))),
			"truncated import 0 at offset 0xe: name declares 5 bytes, 0 remain"},
		{"count too large", module(section(2, leb(1000))),
			"truncated import 0 at offset 0xc: module name length ends inside a LEB128 integer"},
		{"unknown export kind", module(exportSec(export("x", 9, 0))),
			`export 0 "x" at offset 0xd: unknown kind 0x9`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errIm := wasmbin.Imports(tt.mod)
			_, errEx := wasmbin.Exports(tt.mod)
			err := errors.Join(errIm, errEx)
			if err == nil || err.Error() != tt.msg {
				t.Errorf("error = %v\n     want %s", err, tt.msg)
			}
		})
	}
}

func TestExternKindString(t *testing.T) {
	for k, want := range map[wasmbin.ExternKind]string{0: "func", 2: "memory", 4: "tag", 9: "kind 9"} {
		if got := k.String(); got != want {
			t.Errorf("ExternKind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

package wasmbin_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

func TestAddExportAlias(t *testing.T) {
	init1, run2, mem := export("_initialize", 0, 1), export("run", 0, 2), export("memory", 2, 0)
	rest := func(exports []byte) []byte {
		return module(typeSec, importSec, funcSec, memSec, exports, codeSec, custom("name", "\x00\x01x"), custom("jwt", "t"))
	}
	// Enough exports that the section size grows from one LEB128 byte to two when the alias is added.
	var many [][]byte
	for i := range 10 {
		many = append(many, export(fmt.Sprintf("function_number_%02d", i), 0, 1))
	}
	tests := []struct {
		name    string
		in      []byte
		want    []byte
		wantErr string
	}{
		{"adds alias", rest(exportSec(init1, run2, mem)),
			rest(exportSec(init1, run2, mem, export("wapc_init", 0, 1))), ""},
		{"already aliased", rest(exportSec(init1, export("wapc_init", 0, 1), mem)),
			rest(exportSec(init1, export("wapc_init", 0, 1), mem)), ""},
		{"section size grows", rest(exportSec(append(many, init1)...)),
			rest(exportSec(append(many, init1, export("wapc_init", 0, 1))...)), ""},
		{"alias points elsewhere", rest(exportSec(init1, export("wapc_init", 0, 2))), nil,
			`add export alias "wapc_init": module already exports "wapc_init" as func 2, not as func 1 like "_initialize"`},
		{"alias is a memory", rest(exportSec(init1, export("wapc_init", 2, 0))), nil,
			`add export alias "wapc_init": module already exports "wapc_init" as memory 0, not as func 1 like "_initialize"`},
		{"no such export", rest(exportSec(run2, mem)), nil,
			`add export alias "wapc_init": module has no export "_initialize"`},
		{"existing is not a func", rest(exportSec(export("_initialize", 3, 0))), nil,
			`add export alias "wapc_init": export "_initialize" is a global, not a func`},
		{"no export section", module(typeSec, funcSec, codeSec), nil,
			`add export alias "wapc_init": module has no export section, so no export "_initialize"`},
		{"trailing bytes", rest(section(7, vec(init1), []byte{0})), nil,
			"export section has 1 unexpected bytes at offset 0x4f after its last entry"},
		{"two export sections", module(exportSec(init1), exportSec(run2)), nil,
			"second export section at offset 0x19 (first at 0x8)"},
		{"not wasm", []byte("#!/bin/sh"), nil, `not a WebAssembly module (missing \0asm magic)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wasmbin.AddExportAlias(tt.in, "_initialize", "wapc_init")
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v\n     want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("AddExportAlias:\n got %x\nwant %x", got, tt.want)
			}
			exports, err := wasmbin.Exports(got)
			if err != nil {
				t.Fatal(err)
			}
			idx := map[string]uint32{}
			for _, e := range exports {
				idx[e.Name] = e.Index
			}
			if idx["wapc_init"] != idx["_initialize"] {
				t.Errorf("wapc_init -> %d, _initialize -> %d", idx["wapc_init"], idx["_initialize"])
			}
		})
	}
}

func TestAddExportAliasSameName(t *testing.T) {
	_, err := wasmbin.AddExportAlias(reactor(), "run", "run")
	if err == nil || !strings.Contains(err.Error(), "same name") {
		t.Fatalf("error = %v, want a same-name error", err)
	}
}

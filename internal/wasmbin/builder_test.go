package wasmbin_test

import "slices"

// Helpers that hand-assemble modules for the tests. They encode LEB128 independently of the
// package under test.

func leb(v uint32) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func name(s string) []byte { return append(leb(uint32(len(s))), s...) }

func vec(items ...[]byte) []byte {
	return slices.Concat(append([][]byte{leb(uint32(len(items)))}, items...)...)
}

func section(id byte, content ...[]byte) []byte {
	c := slices.Concat(content...)
	return slices.Concat([]byte{id}, leb(uint32(len(c))), c)
}

func custom(n string, payload string) []byte { return section(0, name(n), []byte(payload)) }

func export(n string, kind byte, idx uint32) []byte {
	return slices.Concat(name(n), []byte{kind}, leb(idx))
}

func module(sections ...[]byte) []byte {
	return slices.Concat(append([][]byte{[]byte("\x00asm\x01\x00\x00\x00")}, sections...)...)
}

// Sections of a small reactor: one imported function, two defined functions, a memory.
var (
	typeSec   = section(1, vec([]byte{0x60, 0, 0}))
	importSec = section(2, vec(slices.Concat(name("wasi_snapshot_preview1"), name("proc_exit"), []byte{0x00, 0x00})))
	funcSec   = section(3, vec([]byte{0}, []byte{0}))
	memSec    = section(5, vec([]byte{0x00, 0x02}))
	codeSec   = section(10, vec([]byte{2, 0, 0x0b}, []byte{2, 0, 0x0b}))
)

func exportSec(entries ...[]byte) []byte { return section(7, vec(entries...)) }

// reactor builds a module that exports _initialize (func 1), run (func 2) and memory, with the
// given trailing custom sections.
func reactor(extra ...[]byte) []byte {
	secs := [][]byte{typeSec, importSec, funcSec, memSec,
		exportSec(export("_initialize", 0, 1), export("run", 0, 2), export("memory", 2, 0)),
		codeSec, custom("name", "\x00\x01x")}
	return module(append(secs, extra...)...)
}

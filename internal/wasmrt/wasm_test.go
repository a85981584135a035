package wasmrt

// Hand-assembled modules for the cases a Go-built guest cannot produce (a bare `unreachable`,
// an unknown import, an oversized initial memory) and for the raw-wazero baseline.

func leb(n uint32) []byte {
	var out []byte
	for {
		b := byte(n & 0x7f)
		n >>= 7
		if n != 0 {
			out = append(out, b|0x80)
			continue
		}
		return append(out, b)
	}
}

func wstr(s string) []byte { return append(leb(uint32(len(s))), s...) }

func vec(items ...[]byte) []byte {
	out := leb(uint32(len(items)))
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

func section(id byte, body []byte) []byte {
	return append(append([]byte{id}, leb(uint32(len(body)))...), body...)
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var (
	wasmHeader   = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}
	typeI32x2I32 = []byte{0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f}
	typeVoid     = []byte{0x60, 0x00, 0x00}
)

func funcBody(code ...byte) []byte {
	body := append([]byte{0x00}, code...) // no locals
	return append(leb(uint32(len(body))), body...)
}

// guestModule builds a module exporting memory (minPages) and __guest_call with the given body.
func guestModule(minPages uint32, code ...byte) []byte {
	return cat(wasmHeader,
		section(1, vec(typeI32x2I32)),
		section(3, vec([]byte{0x00})),
		section(5, vec(cat([]byte{0x00}, leb(minPages)))),
		section(7, vec(cat(wstr("memory"), []byte{0x02, 0x00}), cat(wstr("__guest_call"), []byte{0x00, 0x00}))),
		section(10, vec(funcBody(code...))),
	)
}

// unreachableModule traps on every call.
func unreachableModule() []byte { return guestModule(1, 0x00, 0x0b) }

// hugeMemoryModule asks for more initial memory than any test limit allows.
func hugeMemoryModule() []byte { return guestModule(2000, 0x41, 0x01, 0x0b) }

// unknownImportModule imports wasmbus.__nope, which no host provides.
func unknownImportModule() []byte {
	return cat(wasmHeader,
		section(1, vec(typeVoid, typeI32x2I32)),
		section(2, vec(cat(wstr("wasmbus"), wstr("__nope"), []byte{0x00, 0x00}))),
		section(3, vec([]byte{0x01})),
		section(5, vec([]byte{0x00, 0x01})),
		section(7, vec(cat(wstr("memory"), []byte{0x02, 0x00}), cat(wstr("__guest_call"), []byte{0x00, 0x01}))),
		section(10, vec(funcBody(0x41, 0x01, 0x0b))),
	)
}

// addModule exports add(i32, i32) -> i32: the trivial export of the raw-wazero baseline.
func addModule() []byte {
	return cat(wasmHeader,
		section(1, vec(typeI32x2I32)),
		section(3, vec([]byte{0x00})),
		section(7, vec(cat(wstr("add"), []byte{0x00, 0x00}))),
		section(10, vec(funcBody(0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b))),
	)
}

package wasmbin

import (
	"errors"
	"fmt"
)

// InterruptExport is the name under which AddInterruptCheck exports the global that
// interrupts the module.
const InterruptExport = "trellis:interrupt"

// ErrUnknownInstruction means AddInterruptCheck met an instruction (or local type) it cannot
// decode, so it cannot tell where the module's loops are. The caller falls back to another way
// of stopping the module.
var ErrUnknownInstruction = errors.New("unknown instruction")

// InterruptPeriod is how many loop iterations an instrumented module runs between two visits
// to the host (see AddInterruptCheck).
const InterruptPeriod = 1000

// AddInterruptCheck returns a copy of mod that can be stopped from outside while it runs,
// cheaply. It adds two mutable i32 globals: a countdown, and an interrupt flag exported as
// InterruptExport (initially 0). At the top of every loop the countdown is decremented; every
// InterruptPeriod iterations the code then runs
//
//	memory.grow 0 (dropped)  global.get $interrupt  if unreachable end  reset the countdown
//
// memory.grow leaves the compiled code for the host's runtime, which is what lets a Go host
// preempt a guest spinning in a loop (its garbage collector must be able to stop every
// goroutine), and a non-zero interrupt flag makes the guest trap there. Every way to run
// forever goes through a loop (recursion ends when the stack does), so a guest stops within
// InterruptPeriod loop iterations of its flag being set, for the price of a few instructions
// per iteration.
//
// The global section (or a new one), the export section (or a new one) and the code section are
// rewritten; nothing else changes, and no index of an existing function, global or export moves.
// It fails when the module has no memory, and with ErrUnknownInstruction when a function uses
// an instruction outside the MVP, sign extension, saturating conversions, bulk memory,
// reference types, multi-value, tail calls, legacy exception handling, SIMD (incl. relaxed)
// and threads.
func AddInterruptCheck(mod []byte) ([]byte, error) {
	secs, err := Sections(mod)
	if err != nil {
		return nil, err
	}
	imports, err := Imports(mod)
	if err != nil {
		return nil, err
	}
	exports, err := Exports(mod)
	if err != nil {
		return nil, err
	}
	for _, e := range exports {
		if e.Name == InterruptExport {
			return nil, fmt.Errorf("add interrupt check: the module already exports %q", InterruptExport)
		}
	}
	var global uint32
	memory := false
	for _, im := range imports {
		switch im.Kind {
		case ExternGlobal:
			global++
		case ExternMemory:
			memory = true
		}
	}
	for _, sec := range secs {
		memory = memory || sec.ID == SectionMemory
	}
	if !memory {
		return nil, errors.New("add interrupt check: the module has no memory")
	}
	// The new globals go last in the global section, so they take the next indices.
	globals, globalCount, err := vectorEntries(mod, secs, SectionGlobal)
	if err != nil {
		return nil, err
	}
	countdown, interrupt := global+globalCount, global+globalCount+1

	newGlobals := appendU32(nil, globalCount+2)
	newGlobals = append(newGlobals, globals...)
	newGlobals = append(newGlobals, 0x7f, 0x01, 0x41)                   // i32, mutable, i32.const
	newGlobals = appendS32(newGlobals, InterruptPeriod)                 // countdown
	newGlobals = append(newGlobals, 0x0b, 0x7f, 0x01, 0x41, 0x00, 0x0b) // end; i32, mutable, i32.const 0 (the flag), end

	exportEntries, exportCount, err := vectorEntries(mod, secs, SectionExport)
	if err != nil {
		return nil, err
	}
	newExports := appendU32(nil, exportCount+1)
	newExports = append(newExports, exportEntries...)
	newExports = appendName(newExports, InterruptExport)
	newExports = append(newExports, byte(ExternGlobal))
	newExports = appendU32(newExports, interrupt)

	check := loopCheck(countdown, interrupt)

	var out []byte
	out = append(out, mod[:headerSize]...)
	wroteGlobals, wroteExports := false, false
	for _, s := range secs {
		// New sections go where the binary format orders them: globals before exports, both
		// before start, element, data count, code and data.
		if s.ID != SectionCustom && rank(s.ID) > rank(SectionGlobal) && !wroteGlobals {
			out, wroteGlobals = appendSection(out, SectionGlobal, newGlobals), true
		}
		if s.ID != SectionCustom && rank(s.ID) > rank(SectionExport) && !wroteExports {
			out, wroteExports = appendSection(out, SectionExport, newExports), true
		}
		switch s.ID {
		case SectionGlobal:
			out, wroteGlobals = appendSection(out, SectionGlobal, newGlobals), true
		case SectionExport:
			out, wroteExports = appendSection(out, SectionExport, newExports), true
		case SectionCode:
			code, err := instrumentCode(mod, s, check)
			if err != nil {
				return nil, err
			}
			out = appendSection(out, SectionCode, code)
		default:
			out = append(out, mod[s.Offset:s.End()]...)
		}
	}
	if !wroteGlobals {
		out = appendSection(out, SectionGlobal, newGlobals)
	}
	if !wroteExports {
		out = appendSection(out, SectionExport, newExports)
	}
	return out, nil
}

// loopCheck is the code inserted at the top of every loop.
func loopCheck(countdown, interrupt uint32) []byte {
	get := func(b []byte, g uint32) []byte { return appendU32(append(b, 0x23), g) }
	set := func(b []byte, g uint32) []byte { return appendU32(append(b, 0x24), g) }
	b := get(nil, countdown)
	b = append(b, 0x41, 0x01, 0x6b) // i32.const 1  i32.sub
	b = set(b, countdown)
	b = get(b, countdown)
	b = append(b, 0x45, 0x04, 0x40)       // i32.eqz  if
	b = append(b, 0x41, 0x00, 0x40, 0x00) // i32.const 0  memory.grow 0
	b = append(b, 0x1a)                   // drop
	b = get(b, interrupt)
	b = append(b, 0x04, 0x40, 0x00, 0x0b) // if unreachable end
	b = append(b, 0x41)                   // i32.const
	b = appendS32(b, InterruptPeriod)
	b = set(b, countdown)
	return append(b, 0x0b) // end
}

// appendS32 appends v as a signed LEB128.
func appendS32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// rank is a non-custom section's place in the order the binary format requires.
func rank(id SectionID) int {
	switch id {
	case 13: // tag (exception handling)
		return 55 // between memory (5) and global (6)
	case SectionDataCount:
		return 95 // between element (9) and code (10)
	}
	return int(id) * 10
}

func appendSection(out []byte, id SectionID, content []byte) []byte {
	out = append(out, byte(id))
	out = appendU32(out, uint32(len(content)))
	return append(out, content...)
}

// vectorEntries returns the bytes of a vector section's entries (after the count) and the
// count; an absent section has none.
func vectorEntries(mod []byte, secs []Section, id SectionID) ([]byte, uint32, error) {
	for _, s := range secs {
		if s.ID != id {
			continue
		}
		r := &reader{b: s.Content(mod), base: s.ContentOffset, what: id.String() + " section"}
		n, err := r.u32("count")
		if err != nil {
			return nil, 0, err
		}
		return r.b[r.pos:], n, nil
	}
	return nil, 0, nil
}

// instrumentCode returns the code section's content with check inserted after every loop's
// block type.
func instrumentCode(mod []byte, s Section, check []byte) ([]byte, error) {
	r := &reader{b: s.Content(mod), base: s.ContentOffset, what: "code section"}
	n, err := r.u32("function count")
	if err != nil {
		return nil, err
	}
	out := appendU32(make([]byte, 0, s.Size+s.Size/8), n)
	var body []byte
	for i := range n {
		r.what = fmt.Sprintf("function body %d", i)
		size, err := r.u32("size")
		if err != nil {
			return nil, err
		}
		start := r.offset()
		raw, err := r.bytes("body", uint64(size))
		if err != nil {
			return nil, err
		}
		body, err = instrumentBody(body[:0], &reader{b: raw, base: start, what: r.what}, check)
		if err != nil {
			return nil, err
		}
		out = appendU32(out, uint32(len(body)))
		out = append(out, body...)
	}
	if err := trailing(r, "code section"); err != nil {
		return nil, err
	}
	return out, nil
}

// instrumentBody copies one function body (locals, then instructions) to out with check
// after every loop's block type.
func instrumentBody(out []byte, r *reader, check []byte) ([]byte, error) {
	groups, err := r.u32("local group count")
	if err != nil {
		return nil, err
	}
	for range groups {
		if _, err := r.u32("local count"); err != nil {
			return nil, err
		}
		if err := skipValType(r); err != nil {
			return nil, err
		}
	}
	copied := 0
	for r.remaining() > 0 {
		at := r.pos
		op, err := r.byte("opcode")
		if err != nil {
			return nil, err
		}
		if err := skipImmediates(r, op, at); err != nil {
			return nil, err
		}
		if op == 0x03 { // loop bt
			out = append(out, r.b[copied:r.pos]...)
			out = append(out, check...)
			copied = r.pos
		}
	}
	return append(out, r.b[copied:]...), nil
}

// skipValType skips a value type: a number, vector or reference type byte, or a typed
// reference (0x63/0x64 and a heap type).
func skipValType(r *reader) error {
	t, err := r.byte("value type")
	if err != nil {
		return err
	}
	switch {
	case t == 0x63 || t == 0x64:
		return r.skipS33("heap type")
	case t >= 0x69 && t <= 0x7f:
		return nil
	}
	return formatErr(ErrUnknownInstruction, r.offset()-1, "%s: unknown value type %#x at offset %#x", r.what, t, r.offset()-1)
}

// skipImmediates skips the immediates of the instruction whose opcode op was at offset at.
func skipImmediates(r *reader, op byte, at int) error {
	unknown := func(what string) error {
		return formatErr(ErrUnknownInstruction, r.base+at, "%s: unknown instruction %s at offset %#x", r.what, what, r.base+at)
	}
	switch {
	case op == 0x02 || op == 0x03 || op == 0x04 || op == 0x06: // block loop if try: block type
		return r.skipS33("block type")
	case op == 0x07 || op == 0x08 || op == 0x09 || op == 0x18: // catch throw rethrow delegate
		_, err := r.u32("index")
		return err
	case op == 0x0c || op == 0x0d || op == 0x10 || op == 0x12 || op == 0xd2 || op == 0xd5 || op == 0xd6:
		_, err := r.u32("index") // br br_if call return_call ref.func br_on_null br_on_non_null
		return err
	case op == 0x11 || op == 0x13: // call_indirect return_call_indirect: type, table
		return skipU32s(r, 2)
	case op == 0x0e: // br_table
		n, err := r.u32("label count")
		if err != nil {
			return err
		}
		return skipU32s(r, int(n)+1)
	case op == 0x1c: // select t*
		n, err := r.u32("type count")
		if err != nil {
			return err
		}
		for range n {
			if err := skipValType(r); err != nil {
				return err
			}
		}
		return nil
	case op >= 0x20 && op <= 0x26: // local.get/set/tee global.get/set table.get/set
		_, err := r.u32("index")
		return err
	case op >= 0x28 && op <= 0x3e: // loads and stores
		return skipMemArg(r)
	case op == 0x3f || op == 0x40: // memory.size memory.grow
		_, err := r.u32("memory")
		return err
	case op == 0x41:
		_, err := r.uleb("i32 constant", 35)
		return err
	case op == 0x42:
		_, err := r.uleb("i64 constant", 70)
		return err
	case op == 0x43:
		_, err := r.bytes("f32 constant", 4)
		return err
	case op == 0x44:
		_, err := r.bytes("f64 constant", 8)
		return err
	case op == 0xd0: // ref.null heap type
		return r.skipS33("heap type")
	case op <= 0x01 || op == 0x05 || op == 0x0a || op == 0x0b || op == 0x0f || op == 0x19 || op == 0x1a || op == 0x1b,
		op >= 0x45 && op <= 0xc4, op == 0xd1 || op == 0xd3 || op == 0xd4:
		return nil
	case op == 0xfc:
		sub, err := r.u32("0xfc instruction")
		if err != nil {
			return err
		}
		switch {
		case sub <= 7: // saturating truncations
			return nil
		case sub == 8 || sub == 10 || sub == 12 || sub == 14: // memory.init memory.copy table.init table.copy
			return skipU32s(r, 2)
		case sub <= 17: // data.drop memory.fill elem.drop table.grow table.size table.fill
			_, err := r.u32("index")
			return err
		}
		return unknown(fmt.Sprintf("0xfc %d", sub))
	case op == 0xfd:
		sub, err := r.u32("0xfd instruction")
		if err != nil {
			return err
		}
		switch {
		case sub <= 11 || sub == 92 || sub == 93: // v128 loads and stores
			return skipMemArg(r)
		case sub == 12 || sub == 13: // v128.const i8x16.shuffle
			_, err := r.bytes("v128 immediate", 16)
			return err
		case sub >= 21 && sub <= 34: // extract_lane replace_lane
			_, err := r.byte("lane")
			return err
		case sub >= 84 && sub <= 91: // load_lane store_lane
			if err := skipMemArg(r); err != nil {
				return err
			}
			_, err := r.byte("lane")
			return err
		case sub <= 0x113: // arithmetic, comparisons, conversions, relaxed SIMD
			return nil
		}
		return unknown(fmt.Sprintf("0xfd %d", sub))
	case op == 0xfe:
		sub, err := r.u32("0xfe instruction")
		if err != nil {
			return err
		}
		switch {
		case sub == 0x03: // atomic.fence
			_, err := r.byte("fence")
			return err
		case sub <= 0x02 || sub >= 0x10 && sub <= 0x4e:
			return skipMemArg(r)
		}
		return unknown(fmt.Sprintf("0xfe %d", sub))
	}
	return unknown(fmt.Sprintf("%#x", op))
}

func skipU32s(r *reader, n int) error {
	for range n {
		if _, err := r.u32("index"); err != nil {
			return err
		}
	}
	return nil
}

// skipMemArg skips a memory argument: alignment (bit 6 set: a memory index follows) and offset.
func skipMemArg(r *reader) error {
	align, err := r.u32("alignment")
	if err != nil {
		return err
	}
	if align&0x40 != 0 {
		if _, err := r.u32("memory"); err != nil {
			return err
		}
	}
	_, err = r.uleb("offset", 64)
	return err
}

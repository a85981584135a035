package wasmbin_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// spinner is a module with a memory, an imported and a defined global (exported), and a
// function "spin" that loops forever inside a block, plus "count" that loops n times and
// returns n; extra sections are appended.
func spinner(extra ...[]byte) []byte {
	types := section(1, vec([]byte{0x60, 0, 0}, []byte{0x60, 1, 0x7f, 1, 0x7f}))
	imports := section(2, vec(slices.Concat(name("env"), name("g"), []byte{0x03, 0x7f, 0x00})))
	funcs := section(3, vec([]byte{0}, []byte{1}))
	mem := section(5, vec([]byte{0x00, 0x01}))
	globals := section(6, vec([]byte{0x7f, 0x00, 0x41, 0x2a, 0x0b})) // global 1 = 42
	exports := exportSec(export("spin", 0, 0), export("count", 0, 1), export("answer", 3, 1), export("memory", 2, 0))
	spin := []byte{0x00, 0x02, 0x40, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x0b} // block loop br 0 end end end
	// count(n): loop { n == 0 → return n... } counts n down to 0, returns the original via a local.
	count := []byte{0x01, 0x01, 0x7f, // one i32 local
		0x20, 0x00, 0x21, 0x01, // local.set 1 (local.get 0)
		0x03, 0x40, // loop
		0x20, 0x00, 0x45, 0x04, 0x40, 0x20, 0x01, 0x0f, 0x0b, // if n == 0: return local 1
		0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, // n -= 1
		0x0c, 0x00, 0x0b, // br 0, end loop
		0x00, 0x0b} // unreachable, end
	code := section(10, vec(append(leb(uint32(len(spin))), spin...), append(leb(uint32(len(count))), count...)))
	return module(append([][]byte{types, imports, funcs, mem, globals, exports, code}, extra...)...)
}

func instantiate(t *testing.T, mod []byte) api.Module {
	t.Helper()
	ctx := t.Context()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler())
	t.Cleanup(func() { _ = rt.Close(context.Background()) })
	// The imported global comes from a tiny module named env.
	env := module(section(6, vec([]byte{0x7f, 0x00, 0x41, 0x07, 0x0b})), exportSec(export("g", 3, 0)))
	if _, err := rt.InstantiateWithConfig(ctx, env, wazero.NewModuleConfig().WithName("env")); err != nil {
		t.Fatal(err)
	}
	m, err := rt.Instantiate(ctx, mod)
	if err != nil {
		t.Fatalf("the instrumented module does not instantiate: %v", err)
	}
	return m
}

func TestAddInterruptCheckStopsALoop(t *testing.T) {
	for _, tt := range []struct {
		name string
		mod  []byte
	}{
		{"with global and export sections", spinner()},
		{"with a trailing custom section", spinner(custom("trellis-test", "payload"))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := wasmbin.AddInterruptCheck(tt.mod)
			if err != nil {
				t.Fatal(err)
			}
			m := instantiate(t, out)
			flag, ok := m.ExportedGlobal(wasmbin.InterruptExport).(api.MutableGlobal)
			if !ok || flag.Get() != 0 {
				t.Fatalf("interrupt global %v, want a mutable global at 0", m.ExportedGlobal(wasmbin.InterruptExport))
			}
			if got := m.ExportedGlobal("answer").Get(); got != 42 {
				t.Fatalf("existing global export = %d, want 42 (indices moved)", got)
			}
			// Loops still compute: more iterations than one interrupt period.
			res, err := m.ExportedFunction("count").Call(t.Context(), 3*wasmbin.InterruptPeriod+7)
			if err != nil || res[0] != 3*wasmbin.InterruptPeriod+7 {
				t.Fatalf("count = %v, %v", res, err)
			}
			time.AfterFunc(50*time.Millisecond, func() { flag.Set(1) })
			_, err = m.ExportedFunction("spin").Call(t.Context())
			if err == nil || !strings.Contains(err.Error(), "unreachable") {
				t.Fatalf("spin after the flag was set: %v, want an unreachable trap", err)
			}
		})
	}
}

func TestAddInterruptCheckNewSections(t *testing.T) {
	// No global and no export section: both are created, in the order the format requires.
	types := section(1, vec([]byte{0x60, 0, 0}))
	funcs := section(3, vec([]byte{0}))
	mem := section(5, vec([]byte{0x00, 0x01}))
	code := section(10, vec([]byte{5, 0, 0x03, 0x40, 0x0b, 0x0b}))
	out, err := wasmbin.AddInterruptCheck(module(types, funcs, mem, code, custom("x", "y")))
	if err != nil {
		t.Fatal(err)
	}
	secs, err := wasmbin.Sections(out)
	if err != nil {
		t.Fatal(err)
	}
	var ids []wasmbin.SectionID
	for _, s := range secs {
		ids = append(ids, s.ID)
	}
	if want := []wasmbin.SectionID{1, 3, 5, 6, 7, 10, 0}; !slices.Equal(ids, want) {
		t.Fatalf("sections %v, want %v", ids, want)
	}
	m := instantiate(t, out)
	if m.ExportedGlobal(wasmbin.InterruptExport) == nil {
		t.Fatal("no interrupt global")
	}
}

func TestAddInterruptCheckRefuses(t *testing.T) {
	types := section(1, vec([]byte{0x60, 0, 0}))
	funcs := section(3, vec([]byte{0}))
	mem := section(5, vec([]byte{0x00, 0x01}))
	body := func(b ...byte) []byte { return section(10, vec(append(leb(uint32(len(b))), b...))) }
	for _, tt := range []struct {
		name string
		mod  []byte
		is   error
		msg  string
	}{
		{"no memory", module(types, funcs, body(0, 0x0b)), nil, "no memory"},
		{"unknown opcode", module(types, funcs, mem, body(0, 0x1f, 0x0b)), wasmbin.ErrUnknownInstruction, "unknown instruction 0x1f"},
		{"unknown 0xfc", module(types, funcs, mem, body(0, 0xfc, 0x20, 0x0b)), wasmbin.ErrUnknownInstruction, "0xfc 32"},
		{"export name taken", module(types, funcs, mem, exportSec(export(wasmbin.InterruptExport, 0, 0)), body(0, 0x0b)), nil, "already exports"},
		{"truncated body", module(types, funcs, mem, body(0, 0x41)), wasmbin.ErrTruncated, "truncated"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wasmbin.AddInterruptCheck(tt.mod)
			if err == nil || !strings.Contains(err.Error(), tt.msg) || tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.is, tt.msg)
			}
		})
	}
}

package wasmbin_test

import (
	"bytes"
	"testing"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// FuzzSections checks that no input makes the parser or the editors panic, and that edits of a
// well-framed module produce well-framed modules.
func FuzzSections(f *testing.F) {
	f.Add(reactor())
	f.Add(reactor(custom("jwt", "eyJ0eXAiOiJqd3QiLCJhbGciOiJFZDI1NTE5In0.e30.sig"), custom("wasmcloud_jwt", "x")))
	f.Add(module(exportSec(export("_initialize", 0, 1), export("wapc_init", 0, 1))))
	f.Add(module(section(2, vec(append(append(name("env"), name("m")...), 0x02, 0x05, 0x80, 0x01)))))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x05\x84\x07"))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x00\x80\x80\x80\x80\x80"))
	f.Add(spinner())
	f.Fuzz(func(t *testing.T, mod []byte) {
		if out, err := wasmbin.AddInterruptCheck(mod); err == nil {
			if _, err := wasmbin.Sections(out); err != nil {
				t.Fatalf("instrumented module does not parse: %v", err)
			}
		}
		_, _ = wasmbin.Imports(mod)
		_, _ = wasmbin.Exports(mod)
		aliased, aliasErr := wasmbin.AddExportAlias(mod, "_initialize", "wapc_init")
		secs, err := wasmbin.Sections(mod)
		if err != nil {
			return
		}
		for _, s := range secs {
			_, _ = wasmbin.CustomSections(mod, s.Name)
		}
		stripped, err := wasmbin.StripCustom(mod, "jwt", "wasmcloud_jwt")
		if err != nil {
			t.Fatalf("StripCustom failed on a module Sections accepted: %v", err)
		}
		appended := wasmbin.AppendCustom(stripped, "jwt", []byte("token"))
		got, err := wasmbin.CustomSections(appended, "jwt")
		if err != nil || len(got) != 1 || !bytes.Equal(got[0], []byte("token")) {
			t.Fatalf("CustomSections after strip+append = %q, %v", got, err)
		}
		if aliasErr == nil {
			if _, err := wasmbin.Sections(aliased); err != nil {
				t.Fatalf("AddExportAlias produced an unparsable module: %v", err)
			}
		}
	})
}

package wasmbin_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

func TestCustomSections(t *testing.T) {
	mod := reactor(custom("jwt", "first"), custom("producers", "p"), custom("jwt", ""), custom("jwt", "third"))
	tests := []struct {
		name string
		want []string
	}{
		{"jwt", []string{"first", "", "third"}},
		{"producers", []string{"p"}},
		{"name", []string{"\x00\x01x"}},
		{"wasmcloud_jwt", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wasmbin.CustomSections(mod, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			var gotStr []string
			for _, p := range got {
				gotStr = append(gotStr, string(p))
			}
			if !slices.Equal(gotStr, tt.want) {
				t.Errorf("CustomSections(%q) = %q, want %q", tt.name, gotStr, tt.want)
			}
		})
	}
	if _, err := wasmbin.CustomSections([]byte("nope"), "jwt"); err == nil {
		t.Error("CustomSections on a non-module succeeded")
	}
}

func TestStripCustom(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		strip []string
		want  []byte
	}{
		{"nothing to strip", reactor(), []string{"jwt"}, reactor()},
		{"no names", reactor(custom("jwt", "x")), nil, reactor(custom("jwt", "x"))},
		{"both claim sections", reactor(custom("jwt", "a"), custom("producers", "p"), custom("wasmcloud_jwt", "b")),
			[]string{"jwt", "wasmcloud_jwt"}, reactor(custom("producers", "p"))},
		{"custom between standard sections", module(typeSec, custom("jwt", "a"), funcSec, custom("keep", "k")),
			[]string{"jwt"}, module(typeSec, funcSec, custom("keep", "k"))},
		{"header only", module(), []string{"jwt"}, module()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			got, err := wasmbin.StripCustom(tt.in, tt.strip...)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("StripCustom:\n got %x\nwant %x", got, tt.want)
			}
			if !bytes.Equal(tt.in, in) {
				t.Error("StripCustom modified its input")
			}
		})
	}
}

func TestAppendCustom(t *testing.T) {
	long := string(bytes.Repeat([]byte{'z'}, 300)) // size field needs two LEB128 bytes
	for _, payload := range []string{"", "eyJ0eXAi", long} {
		base := reactor()
		in := append(slices.Clone(base), make([]byte, 0, 64)...) // spare capacity must not be written
		got := wasmbin.AppendCustom(in, "jwt", []byte(payload))
		if want := reactor(custom("jwt", payload)); !bytes.Equal(got, want) {
			t.Errorf("AppendCustom(%d-byte payload):\n got %x\nwant %x", len(payload), got, want)
		}
		secs, err := wasmbin.CustomSections(got, "jwt")
		if err != nil || len(secs) != 1 || string(secs[0]) != payload {
			t.Errorf("CustomSections after AppendCustom = %q, %v", secs, err)
		}
		got[0] = 'X'
		if in[0] == 'X' || !bytes.Equal(in, base) {
			t.Error("AppendCustom result shares memory with its input")
		}
	}
}

package wasmrt

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

func TestLoadRejectsBadModules(t *testing.T) {
	signed := signedGuest(t)
	tampered := append([]byte(nil), signed...)
	tampered[len(guestWasm)/2] ^= 0xff // inside the code, before the jwt section
	wantHash, _ := claims.ModuleHash(tampered)

	tests := []struct {
		name          string
		mod           []byte
		allowUnsigned bool
		limits        Limits
		want          []error
		msg           string
	}{
		{"not wasm", []byte("#!/bin/sh\necho hi\n"), false, Limits{}, nil, "not a WebAssembly module"},
		{"empty file", nil, false, Limits{}, nil, "not a WebAssembly module"},
		{"truncated", signed[:len(signed)/3], false, Limits{}, nil, "truncated"},
		{"unsigned", guestWasm, false, Limits{}, []error{claims.ErrNoClaims}, "allow-unsigned"},
		{"tampered", tampered, false, Limits{}, []error{claims.ErrHashMismatch}, "module hash mismatch: claims say "},
		{"expired", signModule(t, guestWasm, func(c *claims.ActorClaims) { c.Expires = hourAgo() }), false, Limits{}, []error{claims.ErrExpired}, "expired"},
		{"not yet valid", signModule(t, guestWasm, func(c *claims.ActorClaims) { c.NotBefore = time.Now().Add(time.Hour) }), false, Limits{}, []error{claims.ErrNotYetValid}, "not yet valid"},
		{"unknown host function", signModule(t, unknownImportModule(), nil), false, Limits{}, nil, "imports wasmbus.__nope, a function Trellis does not provide"},
		{"no __guest_call", signModule(t, addModule(), nil), false, Limits{}, nil, "does not export"},
		{"initial memory above limit", signModule(t, hugeMemoryModule(), nil), false, Limits{MemoryPages: 1024}, nil, "needs 2000 pages of memory at start, above its limit of 1024 pages"},
		{"bad limits", signed, false, Limits{MemoryPages: 70000}, nil, "above the wasm32 maximum"},
	}
	rt := newRuntime(t, nil)
	good := load(t, rt, signed, Limits{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := rt.Load(t.Context(), tt.mod, LoadOptions{AllowUnsigned: tt.allowUnsigned, Limits: tt.limits})
			if err == nil {
				_ = a.Close(t.Context())
				t.Fatal("loaded, want an error")
			}
			if got, err := good.Invoke(t.Context(), "echo", []byte("still here")); err != nil || string(got) != "still here" {
				t.Fatalf("after a rejected load the loaded actor answers %q, %v", got, err)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("err = %v, want it to wrap %v", err, w)
				}
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to contain %q", err, tt.msg)
			}
			if tt.name == "tampered" && !strings.Contains(err.Error(), "module is "+wantHash) {
				t.Errorf("err = %q, want the actual hash %s", err, wantHash)
			}
		})
	}
}

func TestLoadUnsignedWhenAllowed(t *testing.T) {
	rt := newRuntime(t, nil)
	a, err := rt.Load(t.Context(), guestWasm, LoadOptions{AllowUnsigned: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(t.Context())
	id := a.Identity()
	if id.Signed || !strings.HasPrefix(id.PublicKey, "M") || len(id.PublicKey) != 56 {
		t.Fatalf("identity %+v: want an unsigned M… key", id)
	}
	b, err := rt.Load(t.Context(), guestWasm, LoadOptions{AllowUnsigned: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(t.Context())
	if b.Identity().PublicKey != id.PublicKey {
		t.Error("the same unsigned bytes got two identities")
	}
	if got, err := a.Invoke(t.Context(), "echo", []byte("x")); err != nil || string(got) != "x" {
		t.Fatalf("echo = %q, %v", got, err)
	}
}

// TestInitRunsOncePerFunction loads a Go reactor whose _initialize is also exported as
// wapc_init (what trellis build produces): the Go runtime must be initialised exactly once.
func TestInitRunsOncePerFunction(t *testing.T) {
	aliased, err := wasmbin.AddExportAlias(guestWasm, "_initialize", "wapc_init")
	if err != nil {
		t.Fatal(err)
	}
	rt := newRuntime(t, nil)
	a := load(t, rt, signModule(t, aliased, nil), Limits{})
	if got := a.initFns; len(got) != 1 || got[0] != "_initialize" {
		t.Fatalf("init functions = %v, want just _initialize", got)
	}
	if got, err := a.Invoke(t.Context(), "count", nil); err != nil || string(got) != "1" {
		t.Fatalf("count = %q, %v", got, err)
	}
}

package claims

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// benchModule returns a signed module of about 2 MB, the size of a minimal Go actor.
func benchModule(b *testing.B) []byte {
	b.Helper()
	mod := wasmbin.AppendCustom(tinyModule(), "padding", make([]byte, 2<<20))
	signed, err := SignModule(mod, ActorClaims{Name: "bench"}, fixedKey(b, PrefixAccount, 1), fixedKey(b, PrefixModule, 2).PublicKey())
	if err != nil {
		b.Fatal(err)
	}
	return signed
}

// BenchmarkValidateModule is the claims cost of starting an actor.
func BenchmarkValidateModule(b *testing.B) {
	mod := benchModule(b)
	now := time.Now()
	b.ReportAllocs()
	b.SetBytes(int64(len(mod)))
	for b.Loop() {
		if _, err := ValidateModule(mod, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkModuleHash is dominated by SHA-256; compare with BenchmarkSHA256Baseline.
func BenchmarkModuleHash(b *testing.B) {
	mod := benchModule(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(mod)))
	for b.Loop() {
		if _, err := ModuleHash(mod); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSHA256Baseline hashes the same bytes without parsing or copying.
func BenchmarkSHA256Baseline(b *testing.B) {
	mod := benchModule(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(mod)))
	for b.Loop() {
		sha256.Sum256(mod)
	}
}

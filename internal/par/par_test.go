package par

import (
	"archive/tar"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
)

type fixture struct {
	issuer, subject *claims.KeyPair
	bins            map[string][]byte
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	issuer, err := claims.NewKeyPair(claims.PrefixAccount)
	if err != nil {
		t.Fatal(err)
	}
	subject, err := claims.NewKeyPair(claims.PrefixProvider)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{issuer: issuer, subject: subject, bins: map[string][]byte{
		"x86_64-linux":  []byte("#!/bin/sh\necho linux\n"),
		"aarch64-macos": []byte("macos binary"),
	}}
}

func (f *fixture) create(t *testing.T, c claims.ProviderClaims, compress bool) []byte {
	t.Helper()
	if c.CapID == "" {
		c.CapID = "wasmcloud:keyvalue"
	}
	var buf bytes.Buffer
	if _, err := Create(&buf, f.bins, c, f.issuer, f.subject.PublicKey(), compress); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCreateRead(t *testing.T) {
	for _, compress := range []bool{false, true} {
		f := newFixture(t)
		data := f.create(t, claims.ProviderClaims{Name: "KV", Vendor: "Acme", Rev: 3, Ver: "1.2.0"}, compress)
		if gz := data[0] == 0x1f && data[1] == 0x8b; gz != compress {
			t.Fatalf("compress=%v but gzip magic=%v", compress, gz)
		}
		a, err := Read(data, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		p := a.Provider
		if p.PublicKey() != f.subject.PublicKey() || p.Issuer != f.issuer.PublicKey() || p.Name != "KV" || p.CapID != "wasmcloud:keyvalue" || p.Vendor != "Acme" || p.Ver != "1.2.0" {
			t.Fatalf("claims: %+v", p.ProviderClaims)
		}
		if a.Revision() != 3 {
			t.Fatalf("revision %d", a.Revision())
		}
		if got := strings.Join(a.Targets(), ","); got != "aarch64-macos,x86_64-linux" {
			t.Fatalf("targets %s", got)
		}
		b, err := a.Binary("x86_64-linux")
		if err != nil || !bytes.Equal(b, f.bins["x86_64-linux"]) {
			t.Fatalf("binary: %q %v", b, err)
		}
		if p.TargetHashes["x86_64-linux"] != Hash(f.bins["x86_64-linux"]) {
			t.Fatalf("hash %s", p.TargetHashes["x86_64-linux"])
		}
	}
}

func TestRevisionFallsBackToIssueTime(t *testing.T) {
	f := newFixture(t)
	iat := time.Unix(1_700_000_000, 0)
	c := claims.ProviderClaims{Name: "KV"}
	c.IssuedAt = iat
	a, err := Read(f.create(t, c, false), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if a.Revision() != iat.Unix() {
		t.Fatalf("revision %d, want %d", a.Revision(), iat.Unix())
	}
}

// rewrite returns the tar archive data with entry name's body replaced by body.
func rewrite(t *testing.T, data []byte, name string, body func([]byte) []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	tw := tar.NewWriter(&out)
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		hdr, err := tr.Next()
		if err != nil {
			break
		}
		b := new(bytes.Buffer)
		if _, err := b.ReadFrom(tr); err != nil {
			t.Fatal(err)
		}
		content := b.Bytes()
		if hdr.Name == name {
			content = body(content)
		}
		if content == nil {
			continue
		}
		hdr.Size = int64(len(content))
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestReadRejects(t *testing.T) {
	f := newFixture(t)
	good := f.create(t, claims.ProviderClaims{Name: "KV"}, false)
	expiredClaims := claims.ProviderClaims{Name: "KV"}
	expiredClaims.IssuedAt = time.Now().Add(-2 * time.Hour)
	expiredClaims.Expires = time.Now().Add(-time.Hour)
	otherIssuer := newFixture(t)
	otherIssuer.bins["x86_64-linux"] = []byte("another provider's binary")
	otherToken := otherIssuer.create(t, claims.ProviderClaims{Name: "other"}, false)
	var otherJWT []byte
	tr := tar.NewReader(bytes.NewReader(otherToken))
	for {
		hdr, err := tr.Next()
		if err != nil {
			break
		}
		if hdr.Name == ClaimsFile {
			b := new(bytes.Buffer)
			_, _ = b.ReadFrom(tr)
			otherJWT = b.Bytes()
		}
	}
	tests := []struct {
		name string
		data []byte
		is   error
		want string
	}{
		{"not an archive", []byte("hello, this is not a tar file at all, not even close......"), ErrInvalid, "tar"},
		{"bad gzip", []byte{0x1f, 0x8b, 1, 2, 3}, ErrInvalid, "gzip"},
		{"empty tar", make([]byte, 1024), ErrInvalid, "no claims.jwt"},
		{"no claims", rewrite(t, good, ClaimsFile, func([]byte) []byte { return nil }), ErrInvalid, "no claims.jwt"},
		{"no binaries", rewrite(t, rewrite(t, good, "x86_64-linux.bin", func([]byte) []byte { return nil }), "aarch64-macos.bin", func([]byte) []byte { return nil }), ErrInvalid, "no <target>.bin"},
		{"tampered binary", rewrite(t, good, "x86_64-linux.bin", func(b []byte) []byte { return append(b, '!') }), ErrHashMismatch, "x86_64-linux.bin: binary does not match its signed hash: claims say " + Hash(f.bins["x86_64-linux"])},
		{"claims of another archive", rewrite(t, good, ClaimsFile, func(b []byte) []byte { return otherJWT }), ErrHashMismatch, "claims say"},
		{"forged signature", rewrite(t, good, ClaimsFile, func(b []byte) []byte {
			parts := strings.Split(string(b), ".")
			sig := []byte(parts[2])
			sig[3] ^= 1
			if sig[3] == parts[2][3] {
				sig[3] = 'A'
			}
			return []byte(parts[0] + "." + parts[1] + "." + string(sig))
		}), nil, "signature"},
		{"expired", f.create(t, expiredClaims, false), claims.ErrExpired, "expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(tt.data, time.Now())
			if err == nil {
				t.Fatal("Read accepted it")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestBinaryForMissingTarget(t *testing.T) {
	f := newFixture(t)
	a, err := Read(f.create(t, claims.ProviderClaims{Name: "KV"}, true), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Binary("riscv64gc-linux")
	if !errors.Is(err, ErrNoTarget) || !strings.Contains(err.Error(), "riscv64gc-linux; the archive has aarch64-macos, x86_64-linux") {
		t.Fatalf("error %v", err)
	}
}

func TestExtract(t *testing.T) {
	f := newFixture(t)
	a, err := Read(f.create(t, claims.ProviderClaims{Name: "KV", Rev: 7, CapID: "wasmcloud:KeyValue"}, false), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p, err := a.Extract(dir, "x86_64-linux", "Default Link")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, f.subject.PublicKey(), "7", "wasmcloud_keyvalue_default_link")
	if p != want {
		t.Fatalf("path %s, want %s", p, want)
	}
	st, err := os.Stat(p)
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Fatalf("stat %v %v", st, err)
	}
	// Reused as is, and repaired when modified.
	if p2, err := a.Extract(dir, "x86_64-linux", "Default Link"); err != nil || p2 != p {
		t.Fatalf("again: %s %v", p2, err)
	}
	if err := os.WriteFile(p, []byte("evil"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Extract(dir, "x86_64-linux", "Default Link"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, f.bins["x86_64-linux"]) {
		t.Fatalf("cache file not repaired: %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Fatalf("left temporary files: %v", entries)
	}
}

func TestTarget(t *testing.T) {
	for _, tt := range []struct{ goos, goarch, want string }{
		{"linux", "amd64", "x86_64-linux"},
		{"linux", "arm64", "aarch64-linux"},
		{"darwin", "arm64", "aarch64-macos"},
		{"windows", "amd64", "x86_64-windows"},
	} {
		if got := Target(tt.goos, tt.goarch); got != tt.want {
			t.Errorf("Target(%s, %s) = %s, want %s", tt.goos, tt.goarch, got, tt.want)
		}
	}
}

func TestInspectShowsBrokenArchive(t *testing.T) {
	f := newFixture(t)
	data := rewrite(t, f.create(t, claims.ProviderClaims{Name: "KV"}, false), "x86_64-linux.bin", func(b []byte) []byte { return []byte("changed") })
	token, hashes, err := Inspect(data)
	if err != nil || token == "" || hashes["x86_64-linux"] != Hash([]byte("changed")) {
		t.Fatalf("%q %v %v", token, hashes, err)
	}
}

func FuzzRead(f *testing.F) {
	fx := &fixture{bins: map[string][]byte{"x86_64-linux": []byte("bin")}}
	var err error
	if fx.issuer, err = claims.NewKeyPair(claims.PrefixAccount); err != nil {
		f.Fatal(err)
	}
	if fx.subject, err = claims.NewKeyPair(claims.PrefixProvider); err != nil {
		f.Fatal(err)
	}
	for _, compress := range []bool{false, true} {
		var buf bytes.Buffer
		if _, err := Create(&buf, fx.bins, claims.ProviderClaims{CapID: "wasmcloud:x"}, fx.issuer, fx.subject.PublicKey(), compress); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Read(data, time.Now())
		if err == nil && len(a.Targets()) == 0 {
			t.Fatal("accepted an archive without binaries")
		}
		_, _, _ = Inspect(data)
	})
}

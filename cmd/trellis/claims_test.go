package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

func inspectJSON(t *testing.T, path string) (inspectReport, result) {
	t.Helper()
	r := trellis(t, "claims", "inspect", path, "-o", "json")
	var rep inspectReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("decode inspect output %q (stderr %q): %v", r.stdout, r.stderr, err)
	}
	return rep, r
}

func TestSignInspect(t *testing.T) {
	keys := isolate(t)
	dir := t.TempDir()
	mod := writeModule(t, dir, "echo.wasm")

	r := trellis(t, "claims", "sign", mod, "--name", "Echo", "--cap", "wasmcloud:httpserver", "--cap", "wasmcloud:keyvalue",
		"--tag", "demo", "--rev", "3", "--ver", "0.1.0", "--call-alias", "Acme Echo", "--expires", "30d").mustSucceed(t)
	signed := filepath.Join(dir, "echo_s.wasm")
	if !strings.HasPrefix(r.stdout, "Signed "+mod+" as "+signed) {
		t.Errorf("stdout = %q", r.stdout)
	}
	for _, f := range []string{"default_account.nk", "echo_module.nk"} {
		if !strings.Contains(r.stderr, filepath.Join(keys, f)) {
			t.Errorf("stderr does not mention the created key %s: %q", f, r.stderr)
		}
	}
	account, _ := readKeyFile(filepath.Join(keys, "default_account.nk"), claims.PrefixAccount)
	module, _ := readKeyFile(filepath.Join(keys, "echo_module.nk"), claims.PrefixModule)

	rep, res := inspectJSON(t, signed)
	res.mustSucceed(t)
	hash, _ := claims.ModuleHash(readFile(t, mod))
	if rep.Name != "Echo" || rep.Subject != module.PublicKey() || rep.Issuer != account.PublicKey() ||
		!slices.Equal(rep.Caps, []string{"wasmcloud:httpserver", "wasmcloud:keyvalue"}) || !slices.Equal(rep.Tags, []string{"demo"}) ||
		rep.Rev != 3 || rep.Ver != "0.1.0" || rep.CallAlias != "acme_echo" || rep.ClaimsHash != hash || rep.ModuleHash != hash ||
		!rep.HashValid || !rep.SignatureValid || !rep.Valid || rep.Error != "" || rep.Expires == nil ||
		rep.Expires.Sub(time.Now().Add(30*24*time.Hour)).Abs() > time.Minute || rep.NotBefore != nil {
		t.Errorf("inspect = %+v", rep)
	}

	text := trellis(t, "claims", "inspect", signed).mustSucceed(t).stdout
	for _, want := range []string{"Name             Echo\n", "Module           " + module.PublicKey(), "Hash valid       yes\n",
		"Signature valid  yes\n", "Valid            yes\n", "Capabilities     wasmcloud:httpserver, wasmcloud:keyvalue\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("text inspect output lacks %q:\n%s", want, text)
		}
	}

	// Signing again reuses the saved keys and replaces the claims.
	trellis(t, "claims", "sign", signed, "--name", "Echo2", "-o", filepath.Join(dir, "again.wasm")).mustSucceed(t)
	again := readFile(t, filepath.Join(dir, "again.wasm"))
	a, err := claims.ValidateModule(again, time.Now())
	if err != nil || a.Issuer != account.PublicKey() || a.Name != "Echo2" {
		t.Errorf("re-signed module: %+v, %v", a, err)
	}
	if n, _ := wasmbin.CustomSections(again, claims.SectionJWT); len(n) != 1 {
		t.Errorf("re-signed module has %d jwt sections, want 1", len(n))
	}
}

func TestSignExplicitKeys(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	mod := writeModule(t, dir, "pinger.wasm")
	account, _ := claims.NewKeyPair(claims.PrefixAccount)
	module, _ := claims.NewKeyPair(claims.PrefixModule)
	seedFile := filepath.Join(dir, "module.nk")
	if err := os.WriteFile(seedFile, []byte(module.Seed()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.wasm")
	for _, subject := range []string{seedFile, module.Seed(), module.PublicKey()} {
		trellis(t, "claims", "sign", mod, "--name", "Pinger", "--issuer", account.Seed(), "--subject", subject, "-o", out).mustSucceed(t)
		a, err := claims.ValidateModule(readFile(t, out), time.Now())
		if err != nil || a.Issuer != account.PublicKey() || a.Subject != module.PublicKey() {
			t.Errorf("--subject %.20s…: %+v, %v", subject, a, err)
		}
	}
	if entries, _ := os.ReadDir(os.Getenv(envKeysDir)); len(entries) != 0 {
		t.Errorf("explicit keys still created %d files in the keys directory", len(entries))
	}

	trellis(t, "claims", "sign", mod, "--name", "P", "--issuer", module.Seed()).
		mustFail(t, "--issuer: wrong key type: seed: got module key (M…), want account key (A…)")
	trellis(t, "claims", "sign", mod, "--name", "P", "--issuer", account.Seed(), "--subject", account.PublicKey()).
		mustFail(t, "got account key (A…), want module key (M…)")
	r := trellis(t, "claims", "sign", mod, "--name", "P", "--issuer", filepath.Join(dir, "missing.nk"))
	r.mustFail(t, "missing.nk: no such file or directory")
	r = trellis(t, "claims", "sign", mod, "--name", "P", "--expires", "soon")
	r.mustFail(t, `--expires "soon": want a duration such as 90m, 720h or 30d`)
	if strings.Contains(r.stderr, account.Seed()) {
		t.Error("an error message shows a seed")
	}
}

func TestInspectInvalid(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	mod := writeModule(t, dir, "echo.wasm")
	trellis(t, "claims", "sign", mod, "--name", "Echo").mustSucceed(t)
	signed := filepath.Join(dir, "echo_s.wasm")

	// Change the module after signing: `end` in the code section becomes `nop`.
	b := readFile(t, signed)
	b[slices.Index(b, 0x0b)] = 0x01
	tampered := filepath.Join(dir, "tampered.wasm")
	if err := os.WriteFile(tampered, b, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, r := inspectJSON(t, tampered)
	r.mustFail(t, tampered+": claims are invalid: module hash mismatch: claims say "+rep.ClaimsHash+", module is "+rep.ModuleHash)
	if rep.HashValid || !rep.SignatureValid || rep.Valid || rep.Name != "Echo" {
		t.Errorf("inspect tampered = %+v", rep)
	}
	text := trellis(t, "claims", "inspect", tampered)
	text.mustFail(t, "module hash mismatch")
	if !strings.Contains(text.stdout, "Hash valid       no\n") || !strings.Contains(text.stdout, "Valid            no (module hash mismatch") {
		t.Errorf("text output does not show the failed check:\n%s", text.stdout)
	}

	trellis(t, "claims", "sign", mod, "--name", "Later", "--not-before", "1h", "-o", filepath.Join(dir, "later.wasm")).mustSucceed(t)
	rep, r = inspectJSON(t, filepath.Join(dir, "later.wasm"))
	r.mustFail(t, "claims not yet valid: not before")
	if !rep.HashValid || !rep.SignatureValid || rep.Valid || rep.NotBefore == nil {
		t.Errorf("inspect not-yet-valid = %+v", rep)
	}
}

func TestInspectNoClaims(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := trellis(t, "claims", "inspect", text)
	r.mustFail(t, `inspect `+text+`: extract claims: not a WebAssembly module (missing \0asm magic)`)
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
	trellis(t, "claims", "inspect", writeModule(t, dir, "plain.wasm")).mustFail(t, "no claims")
	trellis(t, "claims", "inspect", filepath.Join(dir, "absent.wasm")).mustFail(t, "no such file or directory")
	trellis(t, "claims", "sign", text, "--name", "x").mustFail(t, "not a WebAssembly module")
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/par"
)

func TestParCreateInspect(t *testing.T) {
	keys := isolate(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "kv")
	arm := filepath.Join(dir, "kv-arm")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(arm, []byte("arm"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "kv.par.gz")
	r := trellis(t, "par", "create", "--binary", bin+","+arm, "--arch", par.HostTarget()+",aarch64-macos", "--capid", "wasmcloud:keyvalue",
		"--vendor", "Acme", "--name", "Acme KV", "--ver", "1.0.0", "--rev", "2", "--compress", "-o", out).mustSucceed(t)
	if !strings.Contains(r.stdout, "Created "+out) || !strings.Contains(r.stderr, filepath.Join(keys, "acme_kv_provider.nk")) {
		t.Fatalf("stdout %q stderr %q", r.stdout, r.stderr)
	}
	prov, err := readKeyFile(filepath.Join(keys, "acme_kv_provider.nk"), claims.PrefixProvider)
	if err != nil {
		t.Fatal(err)
	}
	var rep parReport
	res := trellis(t, "par", "inspect", out, "-o", "json").mustSucceed(t)
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Valid || rep.Subject != prov.PublicKey() || rep.Contract != "wasmcloud:keyvalue" || rep.Vendor != "Acme" || rep.Rev != 2 ||
		len(rep.Targets) != 2 || !rep.Targets[0].HashValid || !rep.Targets[1].HashValid {
		t.Fatalf("inspect: %+v", rep)
	}
	text := trellis(t, "par", "inspect", out).mustSucceed(t).stdout
	if !strings.Contains(text, "runs here") || !regexp.MustCompile(`Valid +yes`).MatchString(text) {
		t.Fatalf("text:\n%s", text)
	}

	// Mismatched flags and a tampered archive.
	r = trellis(t, "par", "create", "--binary", bin+","+arm, "--capid", "x:y", "--vendor", "v", "--name", "n")
	r.mustFail(t, "2 --binary but 0 --arch")
	plain := filepath.Join(dir, "plain.par")
	trellis(t, "par", "create", "--binary", bin, "--capid", "x:y", "--vendor", "v", "--name", "n", "-o", plain).mustSucceed(t)
	data := readFile(t, plain)
	i := strings.Index(string(data), "#!/bin/sh\n")
	data[i] = '@'
	if err := os.WriteFile(plain, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r = trellis(t, "par", "inspect", plain)
	r.mustFail(t, "binary does not match its signed hash")
	if !strings.Contains(r.stdout, "HASH MISMATCH") {
		t.Fatalf("inspect of a tampered archive:\n%s", r.stdout)
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/internal/deploy"
)

const appV1 = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: hello
  annotations:
    version: v1
spec:
  components:
    - name: echo
      type: actor
      properties:
        image: file:///tmp/echo_s.wasm
      traits:
        - type: spreadscaler
          properties:
            replicas: 2
`

func TestAppCommands(t *testing.T) {
	startLattice(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	v1 := write("app.yaml", appV1)
	v2 := write("app-v2.yaml", strings.Replace(appV1, "version: v1", "version: v2", 1))
	bad := write("bad.yaml", strings.Replace(appV1, "spreadscaler", "scaler", 1))

	trellis(t, "app", "list").mustSucceed(t)
	if r := trellis(t, "app", "put", v1).mustSucceed(t); r.stdout != "Stored hello version v1\n" {
		t.Errorf("put: %q", r.stdout)
	}
	trellis(t, "app", "put", v1).mustFail(t, "version already stored: version v1; change metadata.annotations.version")
	trellis(t, "app", "put", bad).mustFail(t, `bad.yaml:14:17: spec.components[0].traits[0].type: unknown trait type "scaler": want spreadscaler, daemonscaler or linkdef`)
	trellis(t, "app", "put", v2, "--deploy").mustSucceed(t)
	trellis(t, "app", "deploy", "hello", "v1").mustSucceed(t)
	trellis(t, "app", "deploy", "hello", "v9").mustFail(t, `application hello has no version "v9" (it has v1, v2)`)
	trellis(t, "app", "deploy", "nope").mustFail(t, `no such application "nope": put its manifest first`)

	var rows []appSummary
	if err := json.Unmarshal([]byte(trellis(t, "app", "list", "-o", "json").mustSucceed(t).stdout), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Name != "hello" || rows[0].Latest != "v2" || rows[0].Deployed != "v1" || rows[0].State != deploy.StateReconciling {
		t.Errorf("list: %+v", rows)
	}
	if got := trellis(t, "app", "get", "hello", "v1").mustSucceed(t).stdout; got != appV1 {
		t.Errorf("get v1 = %q", got)
	}
	hist := trellis(t, "app", "history", "hello").mustSucceed(t).stdout
	for _, want := range []string{"put     v1", "put     v2", "deploy  v2", "deploy  v1"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	if st := trellis(t, "app", "status", "hello").mustSucceed(t).stdout; !strings.Contains(st, "hello version v1: Reconciling (no reconciler has reported") {
		t.Errorf("status: %s", st)
	}
	trellis(t, "app", "delete", "hello").mustFail(t, "application hello is deployed (version v1): undeploy it first")
	trellis(t, "app", "undeploy", "hello").mustSucceed(t)
	trellis(t, "app", "undeploy", "hello").mustFail(t, "application hello is not deployed")
	trellis(t, "app", "delete", "hello").mustSucceed(t)
	if r := trellis(t, "app", "list").mustSucceed(t); !strings.Contains(r.stdout, "No applications") {
		t.Errorf("list after delete: %q", r.stdout)
	}
}

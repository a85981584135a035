package manifest

import (
	"path/filepath"
	"testing"
)

func TestRelativeFileImages(t *testing.T) {
	src := []byte(`apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: {name: rel, annotations: {version: v1}}
spec:
  components:
    - {name: a, type: actor, properties: {image: "file://build/a_s.wasm"}}
    - {name: b, type: actor, properties: {image: "file:///abs/b_s.wasm"}}
`)
	dir := t.TempDir()
	a, err := Parse(filepath.Join(dir, "app.yaml"), src)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Spec.Components[0].Properties.Image, "file://"+filepath.Join(dir, "build", "a_s.wasm"); got != want {
		t.Errorf("relative image = %s, want %s", got, want)
	}
	if got := a.Spec.Components[1].Properties.Image; got != "file:///abs/b_s.wasm" {
		t.Errorf("absolute image changed to %s", got)
	}
	if _, err := Parse("", src); err == nil {
		t.Error("a relative file:// image without a manifest file was accepted")
	}
}

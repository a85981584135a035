package manifest

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/valid")

func TestParseValid(t *testing.T) {
	tests := []struct {
		file, golden string
	}{
		{"echo.yaml", "echo.golden.json"},
		{"echo.json", "echo.golden.json"},
		{"daemon.yaml", "daemon.golden.json"},
		{"anti-affinity.yaml", "anti-affinity.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a := mustParse(t, filepath.Join("testdata", "valid", tt.file))
			got, err := a.Encode()
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "valid", tt.golden)
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, bytes.TrimSuffix(want, []byte("\n"))) {
				t.Errorf("Encode:\n got %s\nwant %s", got, want)
			}
			// The canonical form parses back to the same application.
			back, err := Parse(tt.golden, got)
			if err != nil {
				t.Fatalf("Parse(Encode()): %v", err)
			}
			if !reflect.DeepEqual(back, a) {
				t.Errorf("Parse(Encode()) = %+v, want %+v", back, a)
			}
		})
	}
}

func TestParseEcho(t *testing.T) {
	a := mustParse(t, "testdata/valid/echo.yaml")
	if a.Version() != "v0.0.1" {
		t.Errorf("Version() = %q, want v0.0.1", a.Version())
	}
	echo, http := a.Spec.Components[0], a.Spec.Components[1]
	if echo.Type != TypeActor || http.Type != TypeCapability {
		t.Fatalf("types = %s, %s", echo.Type, http.Type)
	}
	spread := echo.Traits[0].Spread
	if spread == nil || echo.Traits[0].Daemon != nil || echo.Traits[0].Link != nil {
		t.Fatalf("traits[0] = %+v, want only a spreadscaler", echo.Traits[0])
	}
	var weights []int
	for _, s := range spread.Spread {
		weights = append(weights, s.Weight)
	}
	if spread.Replicas != 10 || !reflect.DeepEqual(weights, []int{50, 30, 20}) ||
		spread.Spread[2].Requirements["zone"] != "c" {
		t.Errorf("spreadscaler = %+v", spread)
	}
	link := echo.Traits[1].Link
	if link == nil || link.Target != "httpserver" || link.Values["address"] != "0.0.0.0:8080" {
		t.Errorf("linkdef = %+v", link)
	}
	if http.Properties.LinkName != DefaultLinkName {
		t.Errorf("link_name = %q, want the default filled in", http.Properties.LinkName)
	}
}

func TestParseConfig(t *testing.T) {
	a := mustParse(t, "testdata/valid/daemon.yaml")
	want := map[string]any{
		"pool":    map[string]any{"max": int64(16), "idle_timeout": "30s"},
		"tls":     false,
		"weights": []any{int64(1), 2.5, nil, "x"},
	}
	if got := a.Spec.Components[1].Properties.Config; !reflect.DeepEqual(got, want) {
		t.Errorf("config = %#v, want %#v", got, want)
	}
}

// TestParseInvalid parses each testdata/invalid fixture and compares the error, line by line,
// with the fixture's "# want: " comments.
func TestParseInvalid(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for line := range strings.Lines(string(data)) {
				if w, ok := strings.CutPrefix(line, "# want: "); ok {
					want = append(want, strings.TrimSuffix(w, "\n"))
				}
			}
			if len(want) == 0 {
				t.Fatal("fixture has no # want: lines")
			}
			checkProblems(t, filepath.Base(file), data, want)
		})
	}
}

func TestParseInvalidJSON(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
	}{
		{
			name: "unknown trait type",
			data: `{"apiVersion": "core.oam.dev/v1beta1", "kind": "Application",
 "metadata": {"name": "app", "annotations": {"version": "v1"}},
 "spec": {"components": [
  {"name": "echo", "type": "actor", "properties": {"image": "ghcr.io/org/echo:1"},
   "traits": [{"type": "scaler", "properties": {"replicas": 1}}]}]}}`,
			want: []string{`app.json:5:24: spec.components[0].traits[0].type: unknown trait type "scaler": want spreadscaler, daemonscaler or linkdef`},
		},
		{
			name: "weights and a number for a string",
			data: `{"apiVersion": "core.oam.dev/v1beta1", "kind": "Application",
 "metadata": {"name": "app", "annotations": {"version": 1}},
 "spec": {"components": [
  {"name": "echo", "type": "actor", "properties": {"image": "ghcr.io/org/echo:1"},
   "traits": [{"type": "spreadscaler", "properties": {"replicas": 3, "spread": [
     {"name": "a", "weight": 60}, {"name": "b", "weight": 30}]}}]}]}}`,
			want: []string{
				`app.json:2:57: metadata.annotations.version: got integer 1: want a string (quote it: "1")`,
				`app.json:5:80: spec.components[0].traits[0].properties.spread: spread weights add up to 90, want 100`,
			},
		},
		{
			name: "duplicate key",
			data: `{"apiVersion": "core.oam.dev/v1beta1", "kind": "Application", "kind": "Application"}`,
			want: []string{
				`app.json:1:1: metadata.name: missing: want a name for the application: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
				`app.json:1:1: metadata.annotations.version: missing: want the application's version, any non-empty string such as v0.1.0`,
				`app.json:1:1: spec.components: no components: want at least one actor or capability`,
				`app.json:1:63: kind: duplicate key "kind" (first at line 1): want each key once`,
			},
		},
		{
			name: "not an object",
			data: `["core.oam.dev/v1beta1"]`,
			want: []string{`app.json:1:1: got a sequence: want a mapping`},
		},
		{
			name: "syntax",
			data: "{\"apiVersion\": \"core.oam.dev/v1beta1\",\n \"kind\": \"Appl}",
			want: []string{`app.json:2: invalid YAML or JSON: found unexpected end of stream`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkProblems(t, "app.json", []byte(tt.data), tt.want) })
	}
}

// TestParseAliasExpansion checks that aliases cannot make a small manifest expand without bound.
func TestParseAliasExpansion(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString(strings.ReplaceAll("aN: &aN [*aM, *aM, *aM, *aM, *aM, *aM, *aM, *aM, *aM, *aM]\n", "N", string(rune('0'+i))))
		s := []byte(b.String())
		b.Reset()
		b.Write(bytes.ReplaceAll(s, []byte("*aM"), []byte("*a"+string(rune('0'+i-1)))))
	}
	checkProblems(t, "bomb.yaml", []byte(b.String()), []string{
		"bomb.yaml:1:1: manifest has more than 100000 values, counting each use of an alias: want a smaller manifest",
	})
}

func TestValidate(t *testing.T) {
	a := &Application{
		APIVersion: APIVersion,
		Kind:       Kind,
		Metadata:   Metadata{Name: "app", Annotations: map[string]string{VersionAnnotation: "v1"}},
		Spec: Spec{Components: []Component{
			{Name: "echo", Type: TypeActor, Properties: Properties{Image: "ghcr.io/org/echo:1"}, Traits: []Trait{
				{Type: TraitSpreadScaler, Spread: &SpreadScaler{Replicas: 2, Spread: []Spread{{Name: "a", Weight: 100}}}},
				{Type: TraitLinkDef, Link: &LinkDef{Target: "kv"}},
			}},
			{Name: "kv", Type: TypeCapability, Properties: Properties{Image: "ghcr.io/org/kv:1", Contract: "wasmcloud:keyvalue"}},
		}},
	}
	if err := a.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	a.Spec.Components[0].Traits[0].Spread.Spread[0].Weight = 90
	a.Spec.Components[0].Traits = append(a.Spec.Components[0].Traits, Trait{Type: TraitDaemonScaler, Spread: &SpreadScaler{}})
	a.Spec.Components[1].Name = "echo"
	var verr *ValidationError
	if err := a.Validate(); !errors.As(err, &verr) {
		t.Fatalf("Validate = %v, want a *ValidationError", err)
	}
	want := strings.Join([]string{
		"spec.components[0].traits[0].properties.spread: spread weights add up to 90, want 100",
		`spec.components[0].traits[1].properties.target: unknown component "kv": want the name of a capability component of this manifest: "echo"`,
		"spec.components[0].traits[2].type: a second scaler (traits[0] is a spreadscaler): want at most one spreadscaler or daemonscaler per component",
		`spec.components[1].name: duplicate component name "echo" (first at spec.components[0].name): want unique names`,
	}, "\n")
	if got := verr.Error(); got != want {
		t.Errorf("Validate:\n%s\nwant\n%s", got, want)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{"a.yaml", 3, 7, "kind", "m"}, "a.yaml:3:7: kind: m"},
		{Problem{"a.yaml", 3, 0, "", "m"}, "a.yaml:3: m"},
		{Problem{"a.yaml", 0, 0, "", "m"}, "a.yaml: m"},
		{Problem{"", 0, 0, "kind", "m"}, "kind: m"},
		{Problem{"", 2, 1, "", "m"}, "2:1: m"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func mustParse(t *testing.T, file string) *Application {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(filepath.Base(file), data)
	if err != nil {
		t.Fatalf("Parse:\n%v", err)
	}
	return a
}

func checkProblems(t *testing.T, file string, data []byte, want []string) {
	t.Helper()
	a, err := Parse(file, data)
	if err == nil {
		t.Fatalf("Parse = %+v, want an error", a)
	}
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Parse error %T, want *ValidationError: %v", err, err)
	}
	if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, want) {
		t.Errorf("Parse problems:\n%s\nwant\n%s", err, strings.Join(want, "\n"))
	}
}

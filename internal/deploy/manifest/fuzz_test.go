package manifest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics, that it fails only with problems, and that what
// it accepts survives Encode and Parse unchanged.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse("fuzz.yaml", data)
		if err != nil {
			var verr *ValidationError
			if !errors.As(err, &verr) || len(verr.Problems) == 0 {
				t.Fatalf("Parse error %T without problems: %v", err, err)
			}
			for _, p := range verr.Problems {
				if p.Message == "" {
					t.Fatalf("problem without a message: %+v", p)
				}
			}
			return
		}
		enc, err := a.Encode()
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := Parse("fuzz.json", enc)
		if err != nil {
			t.Fatalf("Parse(Encode()):\n%v\n%s", err, enc)
		}
		again, err := back.Encode()
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if !bytes.Equal(enc, again) {
			t.Fatalf("Encode(Parse(Encode())) changed:\n%s\n%s", enc, again)
		}
	})
}

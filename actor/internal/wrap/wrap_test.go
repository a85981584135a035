package wrap

import (
	"errors"
	"io"
	"testing"
)

func TestErr(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantText string
	}{
		{name: "nil stays nil", err: nil},
		{name: "prefix and unwrap", err: io.EOF, wantText: "read thing: EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Err("read thing", tt.err)
			if tt.err == nil {
				if got != nil {
					t.Fatalf("Err(nil) = %v, want nil", got)
				}
				return
			}
			if got.Error() != tt.wantText {
				t.Errorf("text = %q, want %q", got.Error(), tt.wantText)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("errors.Is(%v, %v) = false", got, tt.err)
			}
		})
	}
}

package host

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestRelog(t *testing.T) {
	tests := []struct{ line, want string }{
		{`{"time":"2026-11-23T18:24:55Z","level":"WARN","msg":"backend down","provider":"VX","link":"default","err":"refused"}`,
			`level=WARN msg="backend down" err=refused`},
		{`plain text`, `level=INFO msg="plain text" stream=stdout`},
		{`{"no":"message"}`, `level=INFO msg="{\"no\":\"message\"}" stream=stdout`},
		{`{"level":"nonsense","msg":"m"}`, `level=INFO msg=m`},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}}))
		relog(log, tt.line, "stdout")
		if got := strings.TrimSpace(buf.String()); got != tt.want {
			t.Errorf("relog(%s):\n got %s\nwant %s", tt.line, got, tt.want)
		}
	}
}

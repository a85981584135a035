//go:build !wasip1

package logging_test

import (
	"context"
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/logging"
)

func TestLogf(t *testing.T) {
	tests := []struct {
		name string
		logf func(ctx context.Context, format string, args ...any)
		want string
	}{
		{name: "Debugf", logf: logging.Debugf, want: "\x82\xa5level\xa5debug\xa4text\xa4n=42"},
		{name: "Infof", logf: logging.Infof, want: "\x82\xa5level\xa4info\xa4text\xa4n=42"},
		{name: "Warnf", logf: logging.Warnf, want: "\x82\xa5level\xa4warn\xa4text\xa4n=42"},
		{name: "Errorf", logf: logging.Errorf, want: "\x82\xa5level\xa5error\xa4text\xa4n=42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := new(actortest.Recorder)
			tt.logf(actortest.WithHost(t.Context(), rec.Host), "n=%d", 42)
			calls := rec.Calls()
			if len(calls) != 1 {
				t.Fatalf("host saw %d calls, want 1", len(calls))
			}
			c := calls[0]
			if c.Binding != "default" || c.Namespace != "wasmcloud:builtin:logging" || c.Operation != "Logging.WriteLog" {
				t.Errorf("triple = (%q, %q, %q)", c.Binding, c.Namespace, c.Operation)
			}
			if string(c.Payload) != tt.want {
				t.Errorf("payload = %q, want %q", c.Payload, tt.want)
			}
		})
	}
}

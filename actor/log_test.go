//go:build !wasip1

package actor_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
)

func TestLog(t *testing.T) {
	tests := []struct {
		name  string
		level actor.Level
		text  string
		want  string
	}{
		{name: "observed vector", level: actor.LevelDebug, text: "a debug!", want: "\x82\xa5level\xa5debug\xa4text\xa8a debug!"},
		{name: "info", level: actor.LevelInfo, text: "", want: "\x82\xa5level\xa4info\xa4text\xa0"},
		{name: "warn", level: actor.LevelWarn, text: "w", want: "\x82\xa5level\xa4warn\xa4text\xa1w"},
		{name: "error", level: actor.LevelError, text: "e", want: "\x82\xa5level\xa5error\xa4text\xa1e"},
		{name: "str8 text", level: actor.LevelInfo, text: strings.Repeat("x", 32), want: "\x82\xa5level\xa4info\xa4text\xd9\x20" + strings.Repeat("x", 32)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := new(actortest.Recorder)
			ctx := actortest.WithHost(t.Context(), rec.Host)
			if err := actor.Log(ctx, tt.level, tt.text); err != nil {
				t.Fatalf("Log: %v", err)
			}
			calls := rec.Calls()
			if len(calls) != 1 {
				t.Fatalf("host saw %d calls, want 1", len(calls))
			}
			assertCall(t, calls[0], actortest.Call{
				Binding: "default", Namespace: "wasmcloud:builtin:logging", Operation: "Logging.WriteLog", Payload: []byte(tt.want),
			})
		})
	}
}

func TestLogHostError(t *testing.T) {
	ctx := actortest.WithHost(t.Context(), func(_ context.Context, _ actortest.Call) ([]byte, error) {
		return nil, errors.New("Invocation not authorized: missing capability claim for wasmcloud:builtin:logging")
	})
	var he *actor.HostError
	if err := actor.Log(ctx, actor.LevelInfo, "x"); !errors.As(err, &he) {
		t.Fatalf("Log error = %v, want *actor.HostError", err)
	}
}

func TestConsoleLog(t *testing.T) {
	console := actortest.CaptureConsole(t)
	actor.ConsoleLog("first")
	actor.ConsoleLog("")
	got := console.Lines()
	if len(got) != 2 || got[0] != "first" || got[1] != "" {
		t.Errorf("console lines = %q, want [\"first\" \"\"]", got)
	}
}

//go:build !wasip1

package telnet_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/internal/msgtest"
	"github.com/trellis-lattice/trellis/actor/telnet"
)

func TestSendText(t *testing.T) {
	tests := []struct {
		name    string
		call    func(ctx context.Context) error
		link    string
		payload string // msgtest.Hex notation
	}{
		{
			name:    "default link",
			call:    func(ctx context.Context) error { return telnet.SendText(ctx, "i-1", "hello\n") },
			link:    "default",
			payload: `82 a7 "session" a3 "i-1" a4 "text" a6 "hello" 0a`,
		},
		{
			name:    "zero Client is the default link",
			call:    func(ctx context.Context) error { return telnet.Client{}.SendText(ctx, "s", "") },
			link:    "default",
			payload: `82 a7 "session" a1 "s" a4 "text" a0`,
		},
		{
			name:    "another link",
			call:    func(ctx context.Context) error { return telnet.Link("admin").SendText(ctx, "s", "> ") },
			link:    "admin",
			payload: `82 a7 "session" a1 "s" a4 "text" a2 "> "`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &actortest.Recorder{}
			if err := tt.call(actortest.WithHost(t.Context(), rec.Host)); err != nil {
				t.Fatal(err)
			}
			want := actortest.Call{Binding: tt.link, Namespace: "wasmcloud:telnet", Operation: "Telnet.SendText", Payload: msgtest.Hex(t, tt.payload)}
			if calls := rec.Calls(); len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
				t.Errorf("calls = %+v\nwant [%+v]", calls, want)
			}
		})
	}
}

func TestSendTextError(t *testing.T) {
	ctx := actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		return nil, errors.New("session s is not connected")
	})
	var he *actor.HostError
	if err := telnet.SendText(ctx, "s", "x"); !errors.As(err, &he) || he.Message != "session s is not connected" {
		t.Errorf("error = %v, want *actor.HostError session s is not connected", err)
	}
}

// received is what the registered handlers saw last; fail makes them fail.
var (
	received any
	fail     error
)

func init() {
	telnet.HandleSessionStarted(func(_ context.Context, s *telnet.SessionStarted) error {
		received = s
		return fail
	})
	telnet.HandleReceiveText(func(_ context.Context, m *telnet.TextMessage) error {
		received = m
		return fail
	})
	telnet.HandleSessionEnded(func(_ context.Context, e *telnet.SessionEnded) error {
		received = e
		return fail
	})
}

func TestHandlers(t *testing.T) {
	tests := []struct {
		name    string
		op      string
		payload string
		fail    error
		want    any
		wantErr string
	}{
		{
			name:    "session started",
			op:      "Telnet.SessionStarted",
			payload: `82 a7 "session" a1 "s" aa "remoteAddr" a9 "1.2.3.4:5"`,
			want:    &telnet.SessionStarted{Session: "s", RemoteAddr: "1.2.3.4:5"},
		},
		{
			name:    "text received",
			op:      "Telnet.ReceiveText",
			payload: `82 a4 "text" a2 "hi" a7 "session" a1 "s"`,
			want:    &telnet.TextMessage{Session: "s", Text: "hi"},
		},
		{
			name:    "session ended",
			op:      "Telnet.SessionEnded",
			payload: `82 a7 "session" a1 "s" a6 "reason" a3 "bye"`,
			want:    &telnet.SessionEnded{Session: "s", Reason: "bye"},
		},
		{
			name:    "handler error",
			op:      "Telnet.ReceiveText",
			payload: `80`,
			fail:    errors.New("unknown command"),
			wantErr: "unknown command",
		},
		{
			name:    "undecodable",
			op:      "Telnet.SessionEnded",
			payload: `c3`,
			wantErr: "Telnet.SessionEnded: decode telnet.SessionEnded: found bool, want map",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			received, fail = nil, tt.fail
			got, err := actortest.Invoke(t.Context(), tt.op, msgtest.Hex(t, tt.payload))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(got) != 0 {
				t.Fatalf("Invoke = %x, %v; want 0 bytes, nil", got, err)
			}
			if !reflect.DeepEqual(received, tt.want) {
				t.Errorf("handler saw %+v, want %+v", received, tt.want)
			}
		})
	}
}

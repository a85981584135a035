//go:build !wasip1

package actor_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
)

func TestHostCall(t *testing.T) {
	tests := []struct {
		name     string
		call     func(ctx context.Context) ([]byte, error)
		reply    []byte
		replyErr error
		want     actortest.Call
		wantResp []byte
		wantErr  *actor.HostError
	}{
		{
			name: "provider call",
			call: func(ctx context.Context) ([]byte, error) {
				return actor.HostCall(ctx, "default", "wasmcloud:keyvalue", "KeyValue.Get", []byte("\xa3key"))
			},
			reply:    []byte("\x82\xa5value\xa1v\xa6exists\xc3"),
			want:     actortest.Call{Binding: "default", Namespace: "wasmcloud:keyvalue", Operation: "KeyValue.Get", Payload: []byte("\xa3key")},
			wantResp: []byte("\x82\xa5value\xa1v\xa6exists\xc3"),
		},
		{
			name: "empty payload and response",
			call: func(ctx context.Context) ([]byte, error) {
				return actor.HostCall(ctx, "default", "wasmcloud:builtin:numbergen", "NumberGen.Random32", nil)
			},
			want:     actortest.Call{Binding: "default", Namespace: "wasmcloud:builtin:numbergen", Operation: "NumberGen.Random32", Payload: []byte{}},
			wantResp: []byte{},
		},
		{
			name: "host error",
			call: func(ctx context.Context) ([]byte, error) {
				return actor.HostCall(ctx, "default", "wasmcloud:keyvalue", "KeyValue.Get", []byte("\xa3key"))
			},
			replyErr: errors.New("Call alias not found: wasmcloud:keyvalue on default"),
			want:     actortest.Call{Binding: "default", Namespace: "wasmcloud:keyvalue", Operation: "KeyValue.Get", Payload: []byte("\xa3key")},
			wantErr: &actor.HostError{Binding: "default", Namespace: "wasmcloud:keyvalue", Operation: "KeyValue.Get",
				Message: "Call alias not found: wasmcloud:keyvalue on default"},
		},
		{
			name: "actor call by alias",
			call: func(ctx context.Context) ([]byte, error) {
				return actor.Call(ctx, "examples/ponger", "Pingpong.Ping", nil)
			},
			reply:    []byte("\xa4pong"),
			want:     actortest.Call{Binding: "", Namespace: "examples/ponger", Operation: "Pingpong.Ping", Payload: []byte{}},
			wantResp: []byte("\xa4pong"),
		},
		{
			name: "actor call by public key",
			call: func(ctx context.Context) ([]byte, error) {
				return actor.Call(ctx, "MBCFOPM6JW2APJLXJD3Z5O4CN7CPYJ2B4FTKLJUR5YR5MITIU7HD3WD5", "Pingpong.Ping", nil)
			},
			reply:    []byte("\xa4pong"),
			want:     actortest.Call{Binding: "", Namespace: "MBCFOPM6JW2APJLXJD3Z5O4CN7CPYJ2B4FTKLJUR5YR5MITIU7HD3WD5", Operation: "Pingpong.Ping", Payload: []byte{}},
			wantResp: []byte("\xa4pong"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []actortest.Call
			ctx := actortest.WithHost(t.Context(), func(_ context.Context, c actortest.Call) ([]byte, error) {
				calls = append(calls, c)
				return tt.reply, tt.replyErr
			})
			got, err := tt.call(ctx)
			if len(calls) != 1 {
				t.Fatalf("host saw %d calls, want 1", len(calls))
			}
			assertCall(t, calls[0], tt.want)
			if tt.wantErr != nil {
				var he *actor.HostError
				if !errors.As(err, &he) {
					t.Fatalf("error = %v (%T), want *actor.HostError", err, err)
				}
				if *he != *tt.wantErr {
					t.Errorf("HostError = %+v, want %+v", *he, *tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("error = %v", err)
			}
			if !bytes.Equal(got, tt.wantResp) || got == nil {
				t.Errorf("response = %x, want %x (non-nil)", got, tt.wantResp)
			}
		})
	}
}

// assertCall fails t if got is not the call want.
func assertCall(t *testing.T, got, want actortest.Call) {
	t.Helper()
	if got.Binding != want.Binding || got.Namespace != want.Namespace || got.Operation != want.Operation {
		t.Errorf("triple = (%q, %q, %q), want (%q, %q, %q)",
			got.Binding, got.Namespace, got.Operation, want.Binding, want.Namespace, want.Operation)
	}
	if !bytes.Equal(got.Payload, want.Payload) {
		t.Errorf("payload = % x, want % x", got.Payload, want.Payload)
	}
}

func TestHostErrorText(t *testing.T) {
	err := &actor.HostError{Binding: "default", Namespace: "wasmcloud:keyvalue", Operation: "KeyValue.Increment", Message: "connection refused"}
	want := "host call wasmcloud:keyvalue KeyValue.Increment: connection refused"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestHostCallWithoutHost(t *testing.T) {
	_, err := actor.HostCall(t.Context(), "default", "wasmcloud:keyvalue", "KeyValue.Get", nil)
	var he *actor.HostError
	if !errors.As(err, &he) || !strings.Contains(he.Message, "actortest.WithHost") {
		t.Fatalf("error = %v, want a *actor.HostError that points at actortest.WithHost", err)
	}
}

func TestHostCallCanceled(t *testing.T) {
	called := false
	ctx, cancel := context.WithCancel(actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		called = true
		return nil, nil
	}))
	cancel()
	_, err := actor.HostCall(ctx, "default", "wasmcloud:keyvalue", "KeyValue.Get", nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if called {
		t.Error("host was called with a canceled context")
	}
}

func TestCallEmptyTarget(t *testing.T) {
	rec := new(actortest.Recorder)
	ctx := actortest.WithHost(t.Context(), rec.Host)
	if _, err := actor.Call(ctx, "", "Pingpong.Ping", nil); err == nil {
		t.Fatal("Call with an empty target succeeded")
	}
	if n := len(rec.Calls()); n != 0 {
		t.Errorf("host saw %d calls, want 0", n)
	}
}

// TestHostCallCopies checks that, as across the wasm boundary, the host
// cannot see the actor reuse its payload buffer and the actor cannot see the
// host reuse its response buffer.
func TestHostCallCopies(t *testing.T) {
	hostBuf := []byte("response")
	var seen []byte
	ctx := actortest.WithHost(t.Context(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		seen = c.Payload
		return hostBuf, nil
	})
	payload := []byte("payload")
	got, err := actor.HostCall(ctx, "default", "ns", "Op.X", payload)
	if err != nil {
		t.Fatal(err)
	}
	copy(payload, "XXXXXXX")
	copy(hostBuf, "XXXXXXXX")
	if string(seen) != "payload" || string(got) != "response" {
		t.Errorf("host saw %q, actor got %q; want %q and %q", seen, got, "payload", "response")
	}
}

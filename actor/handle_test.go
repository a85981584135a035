//go:build !wasip1

package actor_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
)

// The handlers below are registered once for the whole test binary, as an
// actor registers its handlers in init.
func init() {
	actor.Handle("Test.Echo", func(_ context.Context, payload []byte) ([]byte, error) {
		return payload, nil
	})
	actor.Handle("Test.Fail", func(context.Context, []byte) ([]byte, error) {
		return nil, errors.New("refused")
	})
	actor.Handle("Test.Panic", func(_ context.Context, payload []byte) ([]byte, error) {
		return payload[:10], nil // panics: the tests send fewer bytes
	})
	actor.Handle("Test.Scribble", func(_ context.Context, payload []byte) ([]byte, error) {
		for i := range payload {
			payload[i] = 0
		}
		return []byte("done"), nil
	})
}

func TestHandleDispatch(t *testing.T) {
	tests := []struct {
		name    string
		op      string
		payload []byte
		want    []byte
		wantErr string
	}{
		{name: "registered", op: "Test.Echo", payload: []byte("hi"), want: []byte("hi")},
		{name: "handler error", op: "Test.Fail", wantErr: "refused"},
		{name: "panic recovered", op: "Test.Panic", wantErr: "panic in Test.Panic: runtime error: slice bounds out of range [:10] with capacity 0"},
		{name: "unknown operation", op: "Test.Nope", wantErr: "Test.Nope: No handler registered"},
		{name: "health default", op: "Actor.HealthRequest", payload: []byte{0x80}, want: []byte("\x81\xa7healthy\xc3")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := actortest.Invoke(t.Context(), tt.op, tt.payload)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Invoke(%q) error = %v, want %q", tt.op, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Invoke(%q) error = %v", tt.op, err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("Invoke(%q) = %q, want %q", tt.op, got, tt.want)
			}
		})
	}
}

func TestHandleRecoversForNextCall(t *testing.T) {
	if _, err := actortest.Invoke(t.Context(), "Test.Panic", nil); err == nil {
		t.Fatal("Test.Panic succeeded, want error")
	}
	got, err := actortest.Invoke(t.Context(), "Test.Echo", []byte("ok"))
	if err != nil || string(got) != "ok" {
		t.Fatalf("Test.Echo after a panic = %q, %v; want \"ok\", nil", got, err)
	}
}

func TestHandleDuplicatePanics(t *testing.T) {
	defer func() {
		want := "actor: duplicate handler for operation Test.Echo: register each operation once"
		if got := recover(); got != want {
			t.Errorf("panic = %v, want %q", got, want)
		}
	}()
	actor.Handle("Test.Echo", func(context.Context, []byte) ([]byte, error) { return nil, nil })
}

func TestHandleNilPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Handle with a nil handler did not panic")
		}
	}()
	actor.Handle("Test.Nil", nil)
}

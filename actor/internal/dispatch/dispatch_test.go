package dispatch

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
)

// echo returns the payload it receives.
func echo(_ context.Context, payload []byte) ([]byte, error) { return payload, nil }

// stringer is a panic value with a String method.
type stringer struct{}

func (stringer) String() string { return "from String" }

func TestDispatch(t *testing.T) {
	customHealth := []byte{0x81, 0xa7, 'h', 'e', 'a', 'l', 't', 'h', 'y', 0xc2}
	tests := []struct {
		name     string
		register map[string]Handler
		op       string
		payload  []byte
		want     []byte
		wantErr  string
	}{
		{
			name:     "exact match",
			register: map[string]Handler{"Pingpong.Ping": echo},
			op:       "Pingpong.Ping",
			payload:  []byte{1, 2, 3},
			want:     []byte{1, 2, 3},
		},
		{
			name:     "unknown operation",
			register: map[string]Handler{"Pingpong.Ping": echo},
			op:       "Pingpong.Pong",
			wantErr:  "Pingpong.Pong: No handler registered",
		},
		{
			name:     "no prefix or case folding",
			register: map[string]Handler{"HttpServer.HandleRequest": echo},
			op:       "HandleRequest",
			wantErr:  "HandleRequest: No handler registered",
		},
		{
			name:     "case sensitive",
			register: map[string]Handler{"HttpServer.HandleRequest": echo},
			op:       "httpserver.handlerequest",
			wantErr:  "httpserver.handlerequest: No handler registered",
		},
		{
			name:    "health answered by default with placeholder payload",
			op:      HealthOperation,
			payload: []byte{0x81, 0xab, 'p', 'l', 'a', 'c', 'e', 'h', 'o', 'l', 'd', 'e', 'r', 0xc3},
			want:    []byte{0x81, 0xa7, 'h', 'e', 'a', 'l', 't', 'h', 'y', 0xc3},
		},
		{
			name: "health answered by default with empty payload",
			op:   HealthOperation,
			want: []byte{0x81, 0xa7, 'h', 'e', 'a', 'l', 't', 'h', 'y', 0xc3},
		},
		{
			name: "health handler overrides the default",
			register: map[string]Handler{HealthOperation: func(context.Context, []byte) ([]byte, error) {
				return customHealth, nil
			}},
			op:   HealthOperation,
			want: customHealth,
		},
		{
			name: "handler error passes through unchanged",
			register: map[string]Handler{"Op.Fail": func(context.Context, []byte) ([]byte, error) {
				return nil, errors.New("key not found")
			}},
			op:      "Op.Fail",
			wantErr: "key not found",
		},
		{
			name:     "panic with string",
			register: map[string]Handler{"Op.Boom": func(context.Context, []byte) ([]byte, error) { panic("boom") }},
			op:       "Op.Boom",
			wantErr:  "panic in Op.Boom: boom",
		},
		{
			name: "panic with error",
			register: map[string]Handler{"Op.Boom": func(context.Context, []byte) ([]byte, error) {
				panic(errors.New("bad state"))
			}},
			op:      "Op.Boom",
			wantErr: "panic in Op.Boom: bad state",
		},
		{
			name: "runtime panic",
			register: map[string]Handler{"Op.Index": func(_ context.Context, p []byte) ([]byte, error) {
				return []byte{p[5]}, nil
			}},
			op:      "Op.Index",
			wantErr: "panic in Op.Index: runtime error: index out of range [5] with length 0",
		},
		{
			name:     "panic with int",
			register: map[string]Handler{"Op.Boom": func(context.Context, []byte) ([]byte, error) { panic(42) }},
			op:       "Op.Boom",
			wantErr:  "panic in Op.Boom: 42",
		},
		{
			name:     "panic with Stringer",
			register: map[string]Handler{"Op.Boom": func(context.Context, []byte) ([]byte, error) { panic(stringer{}) }},
			op:       "Op.Boom",
			wantErr:  "panic in Op.Boom: from String",
		},
		{
			name: "panic with other value",
			register: map[string]Handler{"Op.Boom": func(context.Context, []byte) ([]byte, error) {
				panic(struct{ x float64 }{1.5})
			}},
			op:      "Op.Boom",
			wantErr: "panic in Op.Boom: non-printable panic value",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var table Table
			for op, h := range tt.register {
				table.Register(op, h)
			}
			got, err := table.Dispatch(t.Context(), tt.op, tt.payload)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Dispatch(%q) error = %v, want %q", tt.op, err, tt.wantErr)
				}
				if got != nil {
					t.Errorf("Dispatch(%q) response = %x, want nil on error", tt.op, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Dispatch(%q) error = %v", tt.op, err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("Dispatch(%q) = %x, want %x", tt.op, got, tt.want)
			}
		})
	}
}

func TestDispatchAfterPanic(t *testing.T) {
	var table Table
	table.Register("Op.Boom", func(context.Context, []byte) ([]byte, error) { panic("boom") })
	table.Register("Op.Echo", echo)
	if _, err := table.Dispatch(t.Context(), "Op.Boom", nil); err == nil {
		t.Fatal("Op.Boom succeeded, want panic error")
	}
	got, err := table.Dispatch(t.Context(), "Op.Echo", []byte("still alive"))
	if err != nil || string(got) != "still alive" {
		t.Fatalf("Op.Echo after panic = %q, %v; want %q, nil", got, err, "still alive")
	}
}

func TestDefaultHealthReplyIsFresh(t *testing.T) {
	var table Table
	first, err := table.Dispatch(t.Context(), HealthOperation, nil)
	if err != nil {
		t.Fatal(err)
	}
	first[len(first)-1] = 0xc2 // a caller scribbling on its reply must not change the next one
	second, err := table.Dispatch(t.Context(), HealthOperation, nil)
	if err != nil {
		t.Fatal(err)
	}
	if second[len(second)-1] != 0xc3 {
		t.Fatalf("second health reply = %x, want healthy: true", second)
	}
}

func TestRegisterPanics(t *testing.T) {
	tests := []struct {
		name      string
		op        string
		h         Handler
		wantPanic string
	}{
		{name: "duplicate", op: "Op.Echo", h: echo, wantPanic: "actor: duplicate handler for operation Op.Echo: register each operation once"},
		{name: "empty operation", op: "", h: echo, wantPanic: "actor: Handle called with an empty operation name"},
		{name: "nil handler", op: "Op.Nil", h: nil, wantPanic: "actor: Handle called with a nil handler for operation Op.Nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var table Table
			table.Register("Op.Echo", echo)
			defer func() {
				got := recover()
				if got != tt.wantPanic {
					t.Errorf("Register(%q) panic = %v, want %q", tt.op, got, tt.wantPanic)
				}
			}()
			table.Register(tt.op, tt.h)
		})
	}
}

// TestDispatchConcurrent hammers one table from many goroutines, as parallel
// native tests do; run it with -race.
func TestDispatchConcurrent(t *testing.T) {
	var table Table
	table.Register("Op.Echo", echo)
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Go(func() {
			for range 100 {
				want := []byte{byte(i)}
				got, err := table.Dispatch(t.Context(), "Op.Echo", want)
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("Dispatch = %x, %v; want %x", got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

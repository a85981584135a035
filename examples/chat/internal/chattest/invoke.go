//go:build !wasip1

package chattest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
)

// The error texts of chatapi.ValidRoom and chatapi.ValidNick, spelled out so that a test
// notices when they change.
const (
	BadRoom = "room names are 1–32 characters a-z, 0-9, '-' or '_'"
	BadNick = "nicks are 1–24 characters: letters, digits, '-', '_' or '.'"
)

// Invoke invokes op on the actor under test with the JSON of req (a string is sent as is, nil
// as no payload) and returns the reply as a string.
func Invoke(ctx context.Context, op string, req any) (string, error) {
	var payload []byte
	switch r := req.(type) {
	case nil:
	case string:
		payload = []byte(r)
	default:
		var err error
		if payload, err = json.Marshal(r); err != nil {
			return "", err
		}
	}
	out, err := actortest.Invoke(ctx, op, payload)
	return string(out), err
}

// Step is one call of a scenario: Op with the JSON of Req, answering Want or failing with Err.
type Step struct {
	Op   string
	Req  any    // as Invoke takes it: marshalled to JSON, a string sent as is, nil sends nothing
	Want string // the exact reply; "*" accepts any reply
	Err  string // the exact error text; "" for success
}

// Run invokes the steps in order on the actor under test, with h as its host, and stops t at
// the first step that answers otherwise.
func (h *Host) Run(t *testing.T, steps []Step) {
	t.Helper()
	ctx := h.Context(t)
	for i, s := range steps {
		got, err := Invoke(ctx, s.Op, s.Req)
		switch {
		case s.Err != "":
			if err == nil || err.Error() != s.Err {
				t.Fatalf("step %d %s: error %v, want %q", i, s.Op, err, s.Err)
			}
		case err != nil:
			t.Fatalf("step %d %s: %v", i, s.Op, err)
		case s.Want != "*" && got != s.Want:
			t.Fatalf("step %d %s = %s\nwant %s", i, s.Op, got, s.Want)
		}
	}
}

// Scenario is a named sequence of steps.
type Scenario struct {
	Name  string
	Steps []Step
}

// RunScenarios runs each scenario in a subtest named for it, on a fresh host, and fails it if
// the actor called another actor or logged: it is for rooms and presence, whose only
// capability claim is wasmcloud:keyvalue.
func RunScenarios(t *testing.T, scenarios []Scenario) {
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			h := NewHost()
			h.Run(t, sc.Steps)
			if calls, logs := h.ActorCalls(), h.LogLines(); len(calls) != 0 || len(logs) != 0 {
				t.Errorf("actor calls %v and log lines %v, want none", calls, logs)
			}
		})
	}
}

// StoreFailure is a call that must fail because the store does.
type StoreFailure struct {
	Op     string // the operation invoked
	Req    any    // its request, as Invoke takes it
	FailKV string // the KeyValue operation that fails
	Want   string // the start of the error text
}

// RunStoreFailures runs each case in a subtest named for its Op, on a fresh host whose store
// fails the case's FailKV operation.
func RunStoreFailures(t *testing.T, cases []StoreFailure) {
	for _, tt := range cases {
		t.Run(tt.Op, func(t *testing.T) {
			h := NewHost()
			h.FailKV = tt.FailKV
			_, err := Invoke(h.Context(t), tt.Op, tt.Req)
			if err == nil || !strings.HasPrefix(err.Error(), tt.Want) {
				t.Errorf("error %v, want prefix %q", err, tt.Want)
			}
		})
	}
}

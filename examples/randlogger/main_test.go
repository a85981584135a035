//go:build !wasip1

package main

import (
	"context"
	"errors"
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/logging"
	"github.com/trellis-lattice/trellis/contract/numbergen"
)

const guid = "0f8fad5b-d9cb-469f-a165-70867728950e"

// builtins answers numbergen calls and accepts logging calls; failGuid makes
// GenerateGuid fail.
func builtins(failGuid bool) actortest.HostFunc {
	return func(_ context.Context, c actortest.Call) ([]byte, error) {
		switch c.Operation {
		case numbergen.OpGenerateGuid:
			if failGuid {
				return nil, errors.New("Invocation not authorized: missing capability claim for wasmcloud:builtin:numbergen")
			}
			return append([]byte{0xd9, byte(len(guid))}, guid...), nil
		case numbergen.OpRandomInRange:
			return []byte{42}, nil
		}
		return nil, nil
	}
}

func TestRandLogger(t *testing.T) {
	rec := &actortest.Recorder{Reply: builtins(false)}
	resp := invoke(t, rec)
	if resp.StatusCode != 200 || string(resp.Body) != "guid "+guid+", random 42\n" {
		t.Errorf("response = %d %q", resp.StatusCode, resp.Body)
	}

	calls := rec.Calls()
	wantOps := []string{numbergen.OpGenerateGuid, numbergen.OpRandomInRange,
		logging.OpWriteLog, logging.OpWriteLog, logging.OpWriteLog, logging.OpWriteLog}
	if len(calls) != len(wantOps) {
		t.Fatalf("host saw %d calls, want %d: %+v", len(calls), len(wantOps), calls)
	}
	for i, op := range wantOps {
		if calls[i].Operation != op || calls[i].Binding != "default" {
			t.Errorf("call %d = (%q, %q), want (\"default\", %q)", i, calls[i].Binding, calls[i].Operation, op)
		}
	}
	if got := string(calls[1].Payload); got != "\x82\xa3min\x00\xa3max\x64" {
		t.Errorf("RandomInRange payload = %q, want {min: 0, max: 100}", got)
	}
	for i, level := range []string{"debug", "info", "warn", "error"} {
		var entry logging.LogEntry
		if err := entry.UnmarshalMsg(calls[2+i].Payload); err != nil {
			t.Fatal(err)
		}
		if want := level + ": guid " + guid + ", random 42"; entry.Level != level || entry.Text != want {
			t.Errorf("log %d = %+v, want level %s text %q", i, entry, level, want)
		}
	}
}

func TestRandLoggerNumbergenFails(t *testing.T) {
	rec := &actortest.Recorder{Reply: builtins(true)}
	resp := invoke(t, rec)
	if resp.StatusCode != 500 {
		t.Errorf("status = %d, want 500", resp.StatusCode)
	}
	if n := len(rec.Calls()); n != 1 {
		t.Errorf("host saw %d calls, want only the failed GenerateGuid", n)
	}
}

// invoke sends one GET / to the actor with rec as host.
func invoke(t *testing.T, rec *actortest.Recorder) httpserver.Response {
	t.Helper()
	req := httpserver.Request{Method: "GET", Path: "/", Header: httpserver.Header{}}
	out, err := actortest.Invoke(actortest.WithHost(t.Context(), rec.Host), httpserver.OpHandleRequest, req.AppendMsg(nil))
	if err != nil {
		t.Fatal(err)
	}
	var resp httpserver.Response
	if err := resp.UnmarshalMsg(out); err != nil {
		t.Fatal(err)
	}
	return resp
}

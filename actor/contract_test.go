//go:build !wasip1

package actor_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/core"
	"github.com/trellis-lattice/trellis/contract/logging"
)

// Package actor encodes its two fixed payloads by hand so that actors that
// need nothing else stay free of the MessagePack library. These tests pin
// them to the contract packages' encoders.

func TestLogMatchesContract(t *testing.T) {
	for _, n := range []int{0, 31, 32, 255, 256, 65535, 65536} {
		text := strings.Repeat("t", n)
		rec := new(actortest.Recorder)
		if err := actor.Log(actortest.WithHost(t.Context(), rec.Host), actor.LevelWarn, text); err != nil {
			t.Fatal(err)
		}
		entry := logging.LogEntry{Level: logging.LevelWarn, Text: text}
		if got, want := rec.Calls()[0].Payload, entry.AppendMsg(nil); !bytes.Equal(got, want) {
			t.Errorf("text of %d bytes: actor.Log sent % x…, contract encodes % x…", n, got[:20], want[:20])
		}
	}
	if actor.LoggingContract != logging.ContractID || actor.OpWriteLog != logging.OpWriteLog {
		t.Errorf("actor names %s %s, contract names %s %s", actor.LoggingContract, actor.OpWriteLog, logging.ContractID, logging.OpWriteLog)
	}
}

func TestHealthMatchesContract(t *testing.T) {
	got, err := actortest.Invoke(t.Context(), core.OpHealthRequest, new(core.HealthCheckRequest).AppendMsg(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := (&core.HealthCheckResponse{Healthy: true}).AppendMsg(nil)
	if !bytes.Equal(got, want) {
		t.Errorf("default health reply = % x, contract encodes % x", got, want)
	}
}

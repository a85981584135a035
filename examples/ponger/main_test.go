//go:build !wasip1

package main

import (
	"bytes"
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
)

func TestPing(t *testing.T) {
	tests := []struct {
		name    string
		payload []byte
	}{
		{name: "no payload", payload: nil},
		{name: "payload ignored", payload: []byte{0x80}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := actortest.Invoke(t.Context(), OpPing, tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			if want := []byte("\xa4pong"); !bytes.Equal(got, want) {
				t.Errorf("Ping = % x, want % x", got, want)
			}
		})
	}
}

func TestPingReplyIsFresh(t *testing.T) {
	first, _ := actortest.Invoke(t.Context(), OpPing, nil)
	first[1] = 'X'
	second, _ := actortest.Invoke(t.Context(), OpPing, nil)
	if string(second) != "\xa4pong" {
		t.Errorf("second reply = %q after the first was modified", second)
	}
}

func TestHealth(t *testing.T) {
	got, err := actortest.Invoke(t.Context(), "Actor.HealthRequest", []byte{0x80})
	if err != nil || string(got) != "\x81\xa7healthy\xc3" {
		t.Errorf("health = % x, %v", got, err)
	}
}

package main

import (
	"maps"
	"testing"

	"github.com/trellis-lattice/trellis/internal/ctltest"
)

func TestLabel(t *testing.T) {
	h1, h2 := twoHosts()
	startLattice(t, h1, h2)
	r := trellis(t, "label", "put", "quiet-river-12", "gpu=yes").mustSucceed(t)
	if want := "Host quiet-river-12 (" + ctltest.Host1 + "): label gpu=yes set\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
	trellis(t, "label", "del", ctltest.Host1, "zone").mustSucceed(t)
	if got := h1.CurrentLabels(); !maps.Equal(got, map[string]string{"gpu": "yes", "hostcore.os": "linux"}) {
		t.Errorf("labels = %v", got)
	}
	if got := h2.CurrentLabels(); !maps.Equal(got, h2.Labels) {
		t.Errorf("the other host's labels changed: %v", got)
	}
	trellis(t, "label", "put", "quiet-river-12", "gpu").mustFail(t, `label "gpu": want KEY=VALUE`)
	trellis(t, "label", "del", "quiet-river-12").mustFail(t, "trellis label del takes a host and a label key, got 1 arguments")
}

func TestStopHost(t *testing.T) {
	h1, h2 := twoHosts()
	startLattice(t, h1, h2)
	r := trellis(t, "stop", "host", "NAYP").mustSucceed(t)
	if want := "Host bold-lake-7 (" + ctltest.Host2 + ") is stopping\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
	if got := commandsOf(h2); len(got) != 1 || got[0] != "stop" || len(h1.Commands()) != 0 {
		t.Errorf("hosts received %v and %v", commandsOf(h1), got)
	}
}

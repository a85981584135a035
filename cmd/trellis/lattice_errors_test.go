package main

import (
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/internal/ctltest"
)

func TestLatticeErrors(t *testing.T) {
	startLattice(t) // a server without hosts
	noHost := func(subject string) string {
		return "no host answered on wasmbus.ctl.default." + subject + " (is a host running in lattice default?)"
	}
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"get", "hosts"}, noHost("ping.hosts")},
		{[]string{"get", "inventory"}, noHost("ping.hosts")},
		{[]string{"get", "inventory", ctltest.Host1}, noHost("get." + ctltest.Host1 + ".inv")},
		{[]string{"get", "links"}, noHost("get.links")},
		{[]string{"get", "claims"}, noHost("get.claims")},
		{[]string{"link", "get", "--lattice", "prod"}, "no host answered on wasmbus.ctl.prod.get.links (is a host running in lattice prod?)"},
		{[]string{"start", "actor", "x"}, noHost("auction.actor")},
		{[]string{"stop", "host", ctltest.Host1}, noHost("cmd." + ctltest.Host1 + ".stop")},
		{[]string{"label", "put", ctltest.Host1, "a=b"}, noHost("cmd." + ctltest.Host1 + ".label_put")},
		{[]string{"link", "del", ctltest.Echo, "wasmcloud:httpserver"}, noHost("linkdefs.del")},
		{[]string{"get", "hosts", "--nats-url", "nats://127.0.0.1:1"}, "connect to NATS at nats://127.0.0.1:1: "},
		{[]string{"get", "hosts", "--lattice", "a.b"}, `--lattice: lattice name "a.b": '.' not allowed`},
		{[]string{"get", "hosts", "-o", "yaml"}, `unknown output format "yaml"`},
		{[]string{"get", "hosts", "--timeout", "0s"}, "--timeout 0s: want a positive duration"},
		{[]string{"get", "hosts", "extra"}, "trellis get hosts takes no arguments, got 1 arguments"},
		{[]string{"get", "inventory", "a", "b"}, "accepts at most 1 arg(s), received 2"},
		{[]string{"start", "actor"}, "trellis start actor takes one actor reference, got 0 arguments"},
		{[]string{"start", "actor", "x", "--count", "0"}, "--count 0: want at least 1"},
		{[]string{"start", "actor", "x", "--host", "h", "--constraint", "a=b"}, "--host and --constraint exclude each other"},
		{[]string{"start", "actor", "x", "--constraint", "zone"}, `--constraint "zone": want KEY=VALUE`},
		{[]string{"stop", "actor", "x", "--count", "-1"}, "--count -1: want 0 (all) or more"},
		{[]string{"scale", "actor", "a", "b"}, "trellis scale actor takes an actor, a reference and a count, got 2 arguments"},
		{[]string{"events", "--bogus"}, "unknown flag: --bogus (see 'trellis events --help')"},
	}
	for _, tt := range tests {
		r := trellis(t, tt.args...).mustFail(t, tt.msg)
		if r.stdout != "" {
			t.Errorf("trellis %s printed %q on stdout", strings.Join(tt.args, " "), r.stdout)
		}
	}
}

func TestLatticeEnv(t *testing.T) {
	startLattice(t, &ctltest.FakeHost{ID: ctltest.Host1, Lattice: "prod", FriendlyName: "quiet-river-12"})
	t.Setenv(envLattice, "prod")
	r := trellis(t, "get", "hosts").mustSucceed(t)
	if !strings.Contains(r.stdout, ctltest.Host1) {
		t.Errorf("stdout = %q", r.stdout)
	}
	t.Setenv(envNATSURL, "nats://127.0.0.1:1")
	trellis(t, "get", "hosts").mustFail(t, "connect to NATS at nats://127.0.0.1:1")
}

func TestLatticeHelp(t *testing.T) {
	isolate(t)
	cmds := [][]string{{"get"}, {"get", "hosts"}, {"get", "inventory"}, {"get", "links"}, {"get", "claims"},
		{"start"}, {"start", "actor"}, {"scale", "actor"}, {"stop"}, {"stop", "actor"}, {"stop", "host"},
		{"update", "actor"}, {"link"}, {"link", "put"}, {"link", "del"}, {"link", "get"},
		{"label"}, {"label", "put"}, {"label", "del"}, {"events"}, {"call"}}
	for _, args := range cmds {
		r := trellis(t, append(args, "--help")...).mustSucceed(t)
		if !strings.Contains(r.stdout, "Examples:") {
			t.Errorf("trellis %s --help has no examples", strings.Join(args, " "))
		}
		if len(args) > 1 || args[0] == "events" || args[0] == "call" {
			for _, flag := range []string{"--nats-url", "--lattice", "--timeout", "--output"} {
				if !strings.Contains(r.stdout, flag) {
					t.Errorf("trellis %s --help lacks %s", strings.Join(args, " "), flag)
				}
			}
		}
	}
}

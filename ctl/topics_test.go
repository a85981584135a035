package ctl_test

import (
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
)

func TestTopics(t *testing.T) {
	const h = "NHOST"
	def := ctl.Topics{Lattice: "prod"}
	custom := ctl.Topics{Prefix: "acme.ctl.v1", Lattice: "prod"}
	tests := []struct{ got, want string }{
		{def.Ping(), "wasmbus.ctl.prod.ping.hosts"},
		{def.ActorAuction(), "wasmbus.ctl.prod.auction.actor"},
		{def.ProviderAuction(), "wasmbus.ctl.prod.auction.provider"},
		{def.Auctions(), "wasmbus.ctl.prod.auction.>"},
		{def.GetClaims(), "wasmbus.ctl.prod.get.claims"},
		{def.GetLinks(), "wasmbus.ctl.prod.get.links"},
		{def.Gets(), "wasmbus.ctl.prod.get.*"},
		{def.PutLink(), "wasmbus.ctl.prod.linkdefs.put"},
		{def.DeleteLink(), "wasmbus.ctl.prod.linkdefs.del"},
		{def.Links(), "wasmbus.ctl.prod.linkdefs.*"},
		{def.PutRegistries(), "wasmbus.ctl.prod.registries.put"},
		{def.QueueGroup(), "wasmbus.ctl.prod"},
		{def.Inventory(h), "wasmbus.ctl.prod.get.NHOST.inv"},
		{def.Commands(h), "wasmbus.ctl.prod.cmd.NHOST.*"},
		{def.StartActor(h), "wasmbus.ctl.prod.cmd.NHOST.la"},
		{def.StopActor(h), "wasmbus.ctl.prod.cmd.NHOST.sa"},
		{def.ScaleActor(h), "wasmbus.ctl.prod.cmd.NHOST.scale"},
		{def.UpdateActor(h), "wasmbus.ctl.prod.cmd.NHOST.upd"},
		{def.StartProvider(h), "wasmbus.ctl.prod.cmd.NHOST.lp"},
		{def.StopProvider(h), "wasmbus.ctl.prod.cmd.NHOST.sp"},
		{def.StopHost(h), "wasmbus.ctl.prod.cmd.NHOST.stop"},
		{def.PutLabel(h), "wasmbus.ctl.prod.cmd.NHOST.label_put"},
		{def.DeleteLabel(h), "wasmbus.ctl.prod.cmd.NHOST.label_del"},
		{def.Events(), "wasmbus.evt.prod"},
		{def.RPCEvents(), "wasmbus.rpcevt.prod"},
		{custom.Ping(), "acme.ctl.v1.prod.ping.hosts"},
		{custom.StartActor(h), "acme.ctl.v1.prod.cmd.NHOST.la"},
		{custom.Events(), "wasmbus.evt.prod"},
		{ctl.HostsBucket("prod"), "TRELLIS_HOSTS_prod"},
		{ctl.MetadataBucket("prod"), "LATTICEDATA_prod"},
		{ctl.RefmapKey("ghcr.io/acme/echo:0.1.0"), "REFMAP_Z2hjci5pby9hY21lL2VjaG86MC4xLjA"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestParseCommand(t *testing.T) {
	custom := ctl.Topics{Prefix: "acme.ctl.v1", Lattice: "prod"}
	tests := []struct {
		subject, host, op string
		ok                bool
	}{
		{"acme.ctl.v1.prod.cmd.NHOST.la", "NHOST", "la", true},
		{"acme.ctl.v1.prod.cmd.NHOST.label_put", "NHOST", "label_put", true},
		{"acme.ctl.v1.prod.cmd.NHOST", "", "", false},
		{"acme.ctl.v1.prod.cmd.NHOST.la.extra", "", "", false},
		{"wasmbus.ctl.prod.cmd.NHOST.la", "", "", false},
		{"acme.ctl.v1.other.cmd.NHOST.la", "", "", false},
	}
	for _, tt := range tests {
		host, op, ok := custom.ParseCommand(tt.subject)
		if host != tt.host || op != tt.op || ok != tt.ok {
			t.Errorf("ParseCommand(%q) = %q, %q, %v; want %q, %q, %v", tt.subject, host, op, ok, tt.host, tt.op, tt.ok)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		opts ctl.Options
		ok   bool
	}{
		{ctl.Options{}, true},
		{ctl.Options{Lattice: "prod-eu_1", TopicPrefix: "acme.ctl"}, true},
		{ctl.Options{Lattice: "a.b"}, false},
		{ctl.Options{Lattice: "a*"}, false},
		{ctl.Options{Lattice: "a b"}, false},
		{ctl.Options{TopicPrefix: "acme..ctl"}, false},
		{ctl.Options{TopicPrefix: "acme.>"}, false},
		{ctl.Options{Timeout: -1}, false},
	}
	for _, tt := range tests {
		if err := tt.opts.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(%+v) = %v, want ok %v", tt.opts, err, tt.ok)
		}
	}
}

func TestLabelsMatch(t *testing.T) {
	labels := map[string]string{"zone": "eu-1", "gpu": "yes"}
	tests := []struct {
		constraints map[string]string
		want        bool
	}{
		{nil, true},
		{map[string]string{"zone": "eu-1"}, true},
		{map[string]string{"zone": "eu-1", "gpu": "yes"}, true},
		{map[string]string{"zone": "us-1"}, false},
		{map[string]string{"arch": ""}, false},
	}
	for _, tt := range tests {
		if got := ctl.LabelsMatch(labels, tt.constraints); got != tt.want {
			t.Errorf("LabelsMatch(%v) = %v, want %v", tt.constraints, got, tt.want)
		}
	}
}

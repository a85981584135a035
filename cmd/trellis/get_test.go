package main

import (
	"testing"

	"github.com/trellis-lattice/trellis/internal/ctltest"
)

func TestGet(t *testing.T) {
	h1, h2 := twoHosts()
	startLattice(t, h1, h2)
	tests := []struct {
		golden string
		args   []string
	}{
		{"get_hosts.txt", []string{"get", "hosts"}},
		{"get_hosts.json", []string{"get", "hosts", "-o", "json"}},
		{"get_inventory.txt", []string{"get", "inventory"}},
		{"get_inventory.json", []string{"get", "inventory", "-o", "json"}},
		{"get_inventory_host.txt", []string{"get", "inventory", "bold-lake-7"}},
		{"get_inventory_host.txt", []string{"get", "inventory", "NAYP"}},
		{"get_inventory_host.txt", []string{"get", "inventory", ctltest.Host2}},
		{"get_links.txt", []string{"get", "links"}},
		{"get_links.txt", []string{"link", "get"}},
		{"get_links.json", []string{"get", "links", "-o", "json"}},
		{"get_claims.txt", []string{"get", "claims"}},
		{"get_claims.json", []string{"get", "claims", "-o", "json"}},
	}
	for _, tt := range tests {
		r := trellis(t, tt.args...).mustSucceed(t)
		golden(t, tt.golden, r.stdout)
	}
}

func TestGetEmpty(t *testing.T) {
	startLattice(t, &ctltest.FakeHost{ID: ctltest.Host1, FriendlyName: "quiet-river-12"})
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"get", "links"}, "No links in lattice default.\n"},
		{[]string{"get", "claims"}, "No claims in lattice default.\n"},
		{[]string{"get", "links", "-o", "json"}, "[]\n"},
		{[]string{"get", "inventory", "quiet-river-12"}, "Host " + ctltest.Host1 + " (quiet-river-12)\nLabels: -\n\nNo actors.\n\nNo providers.\n"},
	}
	for _, tt := range tests {
		if r := trellis(t, tt.args...).mustSucceed(t); r.stdout != tt.want {
			t.Errorf("trellis %v printed %q, want %q", tt.args, r.stdout, tt.want)
		}
	}
}

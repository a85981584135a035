package main

import (
	"log/slog"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/contract/messaging"
	"github.com/trellis-lattice/trellis/internal/host"
	"github.com/trellis-lattice/trellis/provider"
	httpprov "github.com/trellis-lattice/trellis/providers/httpserver"
	kvnats "github.com/trellis-lattice/trellis/providers/keyvalue-nats"
	kvredis "github.com/trellis-lattice/trellis/providers/keyvalue-redis"
	msgnats "github.com/trellis-lattice/trellis/providers/messaging-nats"
)

// builtinProviders are the first-party providers every `trellis up` host can run in-process,
// registered under their directory names.
func builtinProviders() map[string]host.Builtin {
	list := []host.Builtin{
		{Name: "httpserver", Contract: httpserver.ContractID, Vendor: "Trellis",
			New: func(log *slog.Logger) provider.Provider { return httpprov.New(log) }},
		{Name: "keyvalue-redis", Contract: keyvalue.ContractID, Vendor: "Trellis",
			New: func(log *slog.Logger) provider.Provider { return kvredis.New(log) }},
		{Name: "keyvalue-nats", Contract: keyvalue.ContractID, Vendor: "Trellis",
			New: func(log *slog.Logger) provider.Provider { return kvnats.New(log) }},
		{Name: "messaging-nats", Contract: messaging.ContractID, Vendor: "Trellis",
			New: func(log *slog.Logger) provider.Provider { return msgnats.New(log) }},
	}
	m := make(map[string]host.Builtin, len(list))
	for _, b := range list {
		m[b.Name] = b
	}
	return m
}

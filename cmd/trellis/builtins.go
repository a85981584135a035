package main

import (
	"log/slog"

	"github.com/trellis-lattice/trellis/contract/blobstore"
	"github.com/trellis-lattice/trellis/contract/httpclient"
	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/contract/messaging"
	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/contract/telnet"
	"github.com/trellis-lattice/trellis/internal/host"
	"github.com/trellis-lattice/trellis/provider"
	blobfs "github.com/trellis-lattice/trellis/providers/blobstore-fs"
	httpcli "github.com/trellis-lattice/trellis/providers/httpclient"
	httpprov "github.com/trellis-lattice/trellis/providers/httpserver"
	kvnats "github.com/trellis-lattice/trellis/providers/keyvalue-nats"
	kvredis "github.com/trellis-lattice/trellis/providers/keyvalue-redis"
	msgnats "github.com/trellis-lattice/trellis/providers/messaging-nats"
	sqlmysql "github.com/trellis-lattice/trellis/providers/sqldb-mysql"
	sqlpg "github.com/trellis-lattice/trellis/providers/sqldb-postgres"
	telnetprov "github.com/trellis-lattice/trellis/providers/telnet"
)

// builtinProviders are the first-party providers every `trellis up` host can run in-process,
// registered under their directory names.
func builtinProviders() map[string]host.Builtin {
	list := []host.Builtin{
		builtin("httpserver", httpserver.ContractID, func(log *slog.Logger) provider.Provider { return httpprov.New(log) }),
		builtin("httpclient", httpclient.ContractID, func(log *slog.Logger) provider.Provider { return httpcli.New(log) }),
		builtin("keyvalue-redis", keyvalue.ContractID, func(log *slog.Logger) provider.Provider { return kvredis.New(log) }),
		builtin("keyvalue-nats", keyvalue.ContractID, func(log *slog.Logger) provider.Provider { return kvnats.New(log) }),
		builtin("messaging-nats", messaging.ContractID, func(log *slog.Logger) provider.Provider { return msgnats.New(log) }),
		builtin("sqldb-postgres", sqldb.ContractID, func(log *slog.Logger) provider.Provider { return sqlpg.New(log) }),
		builtin("sqldb-mysql", sqldb.ContractID, func(log *slog.Logger) provider.Provider { return sqlmysql.New(log) }),
		builtin("blobstore-fs", blobstore.ContractID, func(log *slog.Logger) provider.Provider { return blobfs.New(log) }),
		builtin("telnet", telnet.ContractID, func(log *slog.Logger) provider.Provider { return telnetprov.New(log) }),
	}
	m := make(map[string]host.Builtin, len(list))
	for _, b := range list {
		m[b.Name] = b
	}
	return m
}

func builtin(name, contract string, newProvider func(*slog.Logger) provider.Provider) host.Builtin {
	return host.Builtin{Name: name, Contract: contract, Vendor: "Trellis", New: newProvider}
}

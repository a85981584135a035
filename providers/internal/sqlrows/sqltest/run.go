package sqltest

import (
	"context"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/sqldb"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/natsd"
	"github.com/trellis-lattice/trellis/provider"
)

// Run serves p with provider.Run on an embedded NATS server, as a host runs it in-process,
// with ld as its one link, and returns a Handler that invokes it with signed invocations from
// ld's actor. The provider stops when the test ends. The returned Handler waits (up to 10 s)
// for the provider to answer its first call.
func Run(t *testing.T, p provider.Provider, ld ctl.LinkDefinition) Handler {
	t.Helper()
	const (
		clusterSeed = "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4"
		hostPK      = "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH"
		providerPK  = "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT"
	)
	s, err := natsd.Start(t.Context(), natsd.Config{Port: natsd.NoListener, JetStream: true, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	nc, err := s.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	cluster, err := claims.ParseSeed(clusterSeed)
	if err != nil {
		t.Fatal(err)
	}
	ld.ProviderID, ld.LinkName, ld.ContractID = providerPK, "default", sqldb.ContractID
	hd := &provider.HostData{
		HostID: hostPK, LatticeRPCPrefix: "sqlrun", LinkName: "default", ProviderKey: providerPK,
		ClusterIssuers: []string{cluster.PublicKey()}, InvocationSeed: clusterSeed,
		DefaultRPCTimeoutMS: 5000, InstanceID: "9a1c1f7e-0000-4000-8000-000000000003",
		LinkDefinitions: []ctl.LinkDefinition{ld},
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- provider.Run(ctx, nc, hd, p, nil) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})

	signer, err := lattice.NewSigner(lattice.SignerConfig{Cluster: cluster, HostID: hostPK})
	if err != nil {
		t.Fatal(err)
	}
	client, err := lattice.NewClient(lattice.ClientConfig{Conn: nc})
	if err != nil {
		t.Fatal(err)
	}
	target := lattice.ProviderEntity(providerPK, sqldb.ContractID, "default")
	call := func(ctx context.Context, op string, payload []byte) ([]byte, error) {
		inv, err := signer.NewInvocation(lattice.ActorEntity(ld.ActorID), target, op, payload)
		if err != nil {
			return nil, err
		}
		_, out, err := client.Invoke(ctx, inv, target.Subject(hd.LatticeRPCPrefix))
		return out, err
	}
	// Wait until the provider serves the link.
	probe := (&sqldb.Statement{SQL: "select 1"}).AppendMsg(nil)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, err := call(t.Context(), sqldb.OpQuery, probe)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("provider does not answer over the lattice: %v", err)
		}
	}
	return call
}

package keyvaluenats

import (
	"errors"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/natsd"
	"github.com/trellis-lattice/trellis/internal/provtest"
	"github.com/trellis-lattice/trellis/provider"
)

// TestRun serves the provider with provider.Run, as a host runs it in-process, and invokes it
// with signed invocations from a linked actor.
func TestRun(t *testing.T) {
	t.Parallel()
	const (
		clusterSeed = "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4"
		hostPK      = "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH"
		providerPK  = "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT"
	)
	nc := connect(t, startNATS(t, natsd.NoListener, t.TempDir()))
	cluster, err := claims.ParseSeed(clusterSeed)
	if err != nil {
		t.Fatal(err)
	}
	ld := ctl.LinkDefinition{ActorID: actorPK, ProviderID: providerPK, LinkName: "default", ContractID: keyvalue.ContractID}
	hd := &provider.HostData{
		HostID: hostPK, LatticeRPCPrefix: "kvrun", LinkName: "default", ProviderKey: providerPK,
		ClusterIssuers: []string{cluster.PublicKey()}, InvocationSeed: clusterSeed,
		DefaultRPCTimeoutMS: 5000, InstanceID: "9a1c1f7e-0000-4000-8000-000000000002",
		LinkDefinitions: []ctl.LinkDefinition{ld},
	}
	provtest.Run(t, nc, hd, New(nil))

	signer, err := lattice.NewSigner(lattice.SignerConfig{Cluster: cluster, HostID: hostPK})
	if err != nil {
		t.Fatal(err)
	}
	client, err := lattice.NewClient(lattice.ClientConfig{Conn: nc})
	if err != nil {
		t.Fatal(err)
	}
	target := lattice.ProviderEntity(providerPK, keyvalue.ContractID, "default")
	call := func(op string, payload []byte) ([]byte, error) {
		inv, err := signer.NewInvocation(lattice.ActorEntity(actorPK), target, op, payload)
		if err != nil {
			t.Fatal(err)
		}
		_, out, err := client.Invoke(t.Context(), inv, target.Subject(hd.LatticeRPCPrefix))
		return out, err
	}
	incr := (&keyvalue.IncrementRequest{Key: "counter::foo:bar", Value: 3}).AppendMsg(nil)
	var out []byte
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if out, err = call(keyvalue.OpIncrement, incr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil || string(out) != string(codec.EncodeI32(3)) {
		t.Fatalf("Increment: %x, %v", out, err)
	}
	out, err = call(keyvalue.OpGet, codec.EncodeString("counter::foo:bar"))
	if want := (&keyvalue.GetResponse{Value: "3", Exists: true}).AppendMsg(nil); err != nil || string(out) != string(want) {
		t.Fatalf("Get: %x, %v", out, err)
	}
	_, err = call("KeyValue.Nope", nil)
	var remote *lattice.RemoteError
	if !errors.As(err, &remote) || remote.Message != "KeyValue.Nope: unknown operation of wasmcloud:keyvalue" {
		t.Fatalf("unknown op: %v", err)
	}
}

package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/natsd"
)

// Fixed test identities.
const (
	clusterSeed      = "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4"
	otherClusterSeed = "SCAEZQ3LKRO555NVXW3OL6NBPWT4OS6WUUJOAL5JB7NJG7PD2JCXXRMCRI"
	hostPK           = "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH"
	actorPK          = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"
	otherActorPK     = "MAK6EPLJKSPHHDWKPRCNZ6JQLHMF3QMU3NXWUSZHJZ4ZFDKBGO6S6ENN"
	providerPK       = "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT"
	testContract     = "trellis:test"
)

func mustSeed(t testing.TB, seed string) *claims.KeyPair {
	t.Helper()
	kp, err := claims.ParseSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

var latticeSeq atomic.Int64

// latticeName returns a lattice name unique to this test run.
func latticeName(t testing.TB) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, t.Name())
	return fmt.Sprintf("%s_%d", name, latticeSeq.Add(1))
}

// startNATS starts an embedded JetStream server listening on a random port.
func startNATS(t testing.TB) *natsd.Server {
	t.Helper()
	s, err := natsd.Start(t.Context(), natsd.Config{Port: natsd.RandomPort, JetStream: true, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

func connect(t testing.TB, s *natsd.Server) *nats.Conn {
	t.Helper()
	nc, err := s.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func openStore(t testing.TB, nc *nats.Conn, lat string) *lattice.Store {
	t.Helper()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := lattice.OpenStore(t.Context(), js, lat, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func newHostData(t testing.TB, lat string) *HostData {
	return &HostData{
		HostID: hostPK, LatticeRPCPrefix: lat, LinkName: "default", ProviderKey: providerPK,
		ClusterIssuers: []string{mustSeed(t, clusterSeed).PublicKey()}, InvocationSeed: clusterSeed,
		DefaultRPCTimeoutMS: 2000, InstanceID: "9a1c1f7e-0000-4000-8000-000000000001",
	}
}

func link(actor string, values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actor, ProviderID: providerPK, LinkName: "default", ContractID: testContract, Values: values}
}

// eventually polls cond every 5 ms until it holds or 10 s pass.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// fakeProvider records its calls.
type fakeProvider struct {
	mu        sync.Mutex
	puts      []ctl.LinkDefinition
	dels      []ctl.LinkDefinition
	healthErr error
	shutdowns int
	conn      *Conn
}

var (
	_ Provider    = (*fakeProvider)(nil)
	_ Initializer = (*fakeProvider)(nil)
)

func (f *fakeProvider) Contract() string { return testContract }

func (f *fakeProvider) Init(_ context.Context, c *Conn) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.conn = c
	return nil
}

func (f *fakeProvider) PutLink(_ context.Context, ld ctl.LinkDefinition) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.puts = append(f.puts, ld)
	return nil
}

func (f *fakeProvider) DeleteLink(_ context.Context, ld ctl.LinkDefinition) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dels = append(f.dels, ld)
	return nil
}

func (f *fakeProvider) Handle(_ context.Context, actorID string, ld ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	if op == "Test.Fail" {
		return nil, errors.New("asked to fail")
	}
	return fmt.Appendf(nil, "%s %s %s %s", actorID[:4], op, ld.Values["k"], payload), nil
}

func (f *fakeProvider) Health(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.healthErr
}

func (f *fakeProvider) Shutdown(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shutdowns++
	return nil
}

// putCount returns how many PutLink calls had actor's link with values k=v.
func (f *fakeProvider) putCount(actor, v string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, ld := range f.puts {
		if ld.ActorID == actor && ld.Values["k"] == v {
			n++
		}
	}
	return n
}

func (f *fakeProvider) counts() (puts, dels, shutdowns int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.puts), len(f.dels), f.shutdowns
}

// startRun runs p until the test ends and waits until it serves its RPC subject. The returned
// channel receives Run's result.
func startRun(t *testing.T, nc *nats.Conn, hd *HostData, p Provider) <-chan error {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done, exited := make(chan error, 1), make(chan struct{})
	go func() { done <- Run(ctx, nc, hd, p, nil); close(exited) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after its context ended")
		}
	})
	subject := lattice.ProviderSubject(hd.LatticeRPCPrefix, hd.ProviderKey, hd.LinkName)
	eventually(t, "provider serving "+subject, func() bool {
		_, err := nc.Request(subject, []byte{0xc0}, 100*time.Millisecond)
		return err == nil
	})
	return done
}

// invoke sends op from actor to the provider of hd, signed with seed.
func invoke(t *testing.T, nc *nats.Conn, hd *HostData, seed, actor, op string, payload []byte) ([]byte, error) {
	t.Helper()
	signer, err := lattice.NewSigner(lattice.SignerConfig{Cluster: mustSeed(t, seed), HostID: hostPK})
	if err != nil {
		t.Fatal(err)
	}
	target := lattice.ProviderEntity(hd.ProviderKey, testContract, hd.LinkName)
	inv, err := signer.NewInvocation(lattice.ActorEntity(actor), target, op, payload)
	if err != nil {
		t.Fatal(err)
	}
	client, err := lattice.NewClient(lattice.ClientConfig{Conn: nc})
	if err != nil {
		t.Fatal(err)
	}
	_, out, err := client.Invoke(t.Context(), inv, target.Subject(hd.LatticeRPCPrefix))
	return out, err
}

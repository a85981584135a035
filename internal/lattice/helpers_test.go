package lattice

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/natsd"
)

// Fixed test identities (seeds generated once), so tokens and golden files are deterministic.
const (
	clusterSeed      = "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4"
	otherClusterSeed = "SCAEZQ3LKRO555NVXW3OL6NBPWT4OS6WUUJOAL5JB7NJG7PD2JCXXRMCRI"
	hostPK           = "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH"
	actorPK          = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"
	otherActorPK     = "MAK6EPLJKSPHHDWKPRCNZ6JQLHMF3QMU3NXWUSZHJZ4ZFDKBGO6S6ENN"
	providerPK       = "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT"
)

func mustSeed(t testing.TB, seed string) *claims.KeyPair {
	t.Helper()
	kp, err := claims.ParseSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// newSigner returns a signer for the fixed cluster key and host, at time now (nil: real time).
func newSigner(t testing.TB, now func() time.Time) *Signer {
	t.Helper()
	s, err := NewSigner(SignerConfig{Cluster: mustSeed(t, clusterSeed), HostID: hostPK, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newValidator(t testing.TB) *Validator {
	return &Validator{ClusterIssuers: []string{mustSeed(t, clusterSeed).PublicKey()}}
}

var latticeSeq atomic.Int64

// latticeName returns a lattice name unique to this test run.
func latticeName(t testing.TB) string {
	t.Helper()
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, t.Name())
	return fmt.Sprintf("%s_%d", name, latticeSeq.Add(1))
}

// startNATS starts an in-process JetStream server for the test.
func startNATS(t testing.TB, port int) *natsd.Server {
	t.Helper()
	s, err := natsd.Start(t.Context(), natsd.Config{JetStream: true, DataDir: t.TempDir(), Port: port})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// connect opens an in-process connection for the test.
func connect(t testing.TB, s *natsd.Server) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := s.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
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

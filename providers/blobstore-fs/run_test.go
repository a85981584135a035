package blobstorefs

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/blobstore"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/natsd"
	"github.com/trellis-lattice/trellis/internal/provtest"
	"github.com/trellis-lattice/trellis/provider"
)

const (
	clusterSeed = "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4"
	hostPK      = "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH"
	providerPK  = "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT"
)

// fakeActor answers ChunkReceiver.ReceiveChunk for one actor: it records the chunks and asks
// to cancel the download after cancelAfter chunks (never when 0).
type fakeActor struct {
	chunks      chan blobstore.Chunk
	cancelAfter int
	seen        int
}

// running serves a New provider with provider.Run on a fresh embedded NATS server, with
// actorPK linked to a fresh ROOT with the given CHUNK_SIZE and answered by actor.
func running(t *testing.T, chunkSize string, actor *fakeActor) (*Provider, *nats.Conn, *provider.HostData) {
	t.Helper()
	s, err := natsd.Start(t.Context(), natsd.Config{Port: natsd.RandomPort, JetStream: true, DataDir: t.TempDir()})
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
	ld := link(actorPK, map[string]string{"ROOT": filepath.Join(t.TempDir(), "root"), "CHUNK_SIZE": chunkSize})
	ld.ProviderID = providerPK
	hd := &provider.HostData{
		HostID: hostPK, LatticeRPCPrefix: "blobrun", LinkName: "default", ProviderKey: providerPK,
		ClusterIssuers: []string{cluster.PublicKey()}, InvocationSeed: clusterSeed,
		DefaultRPCTimeoutMS: 5000, InstanceID: "9a1c1f7e-0000-4000-8000-000000000007",
		LinkDefinitions: []ctl.LinkDefinition{ld},
	}
	r := &lattice.Responder{
		Self:      lattice.ActorEntity(actorPK),
		Validator: &lattice.Validator{ClusterIssuers: hd.ClusterIssuers},
		Handler: func(_ context.Context, inv *lattice.Invocation, msg []byte) ([]byte, error) {
			if inv.Operation != blobstore.OpReceiveChunk {
				return nil, fmt.Errorf("unexpected %s", inv.Operation)
			}
			var c blobstore.Chunk
			if err := c.UnmarshalMsg(msg); err != nil {
				return nil, err
			}
			actor.chunks <- c
			actor.seen++
			cancel := actor.cancelAfter > 0 && actor.seen >= actor.cancelAfter
			return (&blobstore.ChunkResponse{CancelDownload: cancel}).AppendMsg(nil), nil
		},
	}
	sub, err := lattice.Serve(t.Context(), nc, lattice.ActorSubject(hd.LatticeRPCPrefix, actorPK), "", r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sub.Stop)

	p := New(nil)
	provtest.Run(t, nc, hd, p)
	// Run serves the RPC subject after activating the links: call until it answers.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, err := tryInvoke(t, nc, hd, blobstore.OpListContainers, nil)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("provider not serving: %v", err)
		}
	}
	return p, nc, hd
}

// invoke calls op on the provider as actorPK through the lattice.
func invoke(t *testing.T, nc *nats.Conn, hd *provider.HostData, op string, payload []byte) []byte {
	t.Helper()
	out, err := tryInvoke(t, nc, hd, op, payload)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return out
}

func tryInvoke(t *testing.T, nc *nats.Conn, hd *provider.HostData, op string, payload []byte) ([]byte, error) {
	t.Helper()
	kp, err := claims.ParseSeed(clusterSeed)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := lattice.NewSigner(lattice.SignerConfig{Cluster: kp, HostID: hostPK})
	if err != nil {
		t.Fatal(err)
	}
	client, err := lattice.NewClient(lattice.ClientConfig{Conn: nc})
	if err != nil {
		t.Fatal(err)
	}
	target := lattice.ProviderEntity(providerPK, blobstore.ContractID, "default")
	inv, err := signer.NewInvocation(lattice.ActorEntity(actorPK), target, op, payload)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := client.Invoke(t.Context(), inv, target.Subject(hd.LatticeRPCPrefix))
	if err != nil {
		return nil, err
	}
	if out.Error != nil {
		return nil, fmt.Errorf("remote error: %s", *out.Error)
	}
	return out.Msg, nil
}

func receiveChunk(t *testing.T, a *fakeActor) blobstore.Chunk {
	t.Helper()
	select {
	case c := <-a.chunks:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("no chunk")
		return blobstore.Chunk{}
	}
}

// TestChunkedGet uploads an object in chunks through the lattice and downloads it: the first
// chunk in the response, the rest through ReceiveChunk calls to the actor, in order.
func TestChunkedGet(t *testing.T) {
	t.Parallel()
	actor := &fakeActor{chunks: make(chan blobstore.Chunk, 100)}
	_, nc, hd := running(t, "3", actor)
	invoke(t, nc, hd, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	var pr blobstore.PutObjectResponse
	q := blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "o", Bytes: []byte("abcde")}}
	if err := pr.UnmarshalMsg(invoke(t, nc, hd, blobstore.OpPutObject, q.AppendMsg(nil))); err != nil || pr.StreamID == nil {
		t.Fatalf("PutObject = %+v, %v", pr, err)
	}
	pc := blobstore.PutChunkRequest{StreamID: pr.StreamID, Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "o", Bytes: []byte("fghij"), Offset: 5, IsLast: true}}
	invoke(t, nc, hd, blobstore.OpPutChunk, pc.AppendMsg(nil))

	var r blobstore.GetObjectResponse
	gq := blobstore.GetObjectRequest{ContainerID: "c", ObjectID: "o", RangeStart: ptr(uint64(1))}
	if err := r.UnmarshalMsg(invoke(t, nc, hd, blobstore.OpGetObject, gq.AppendMsg(nil))); err != nil {
		t.Fatal(err)
	}
	if !r.Success || r.ContentLength != 9 || r.InitialChunk == nil || string(r.InitialChunk.Bytes) != "bcd" || r.InitialChunk.IsLast {
		t.Fatalf("response = %+v", r)
	}
	got := bytes.NewBuffer(r.InitialChunk.Bytes)
	offset := uint64(4)
	for {
		c := receiveChunk(t, actor)
		if c.Offset != offset || c.ContainerID != "c" || c.ObjectID != "o" {
			t.Fatalf("chunk %+v, want offset %d", c, offset)
		}
		got.Write(c.Bytes)
		offset += uint64(len(c.Bytes))
		if c.IsLast {
			break
		}
	}
	if got.String() != "bcdefghij" {
		t.Errorf("downloaded %q", got)
	}
}

// TestCancelDownload stops sending chunks once the actor answers cancelDownload.
func TestCancelDownload(t *testing.T) {
	t.Parallel()
	actor := &fakeActor{chunks: make(chan blobstore.Chunk, 100), cancelAfter: 2}
	p, nc, hd := running(t, "2", actor)
	invoke(t, nc, hd, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	q := blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "o", Bytes: []byte("0123456789abcdef"), IsLast: true}}
	invoke(t, nc, hd, blobstore.OpPutObject, q.AppendMsg(nil))
	gq := blobstore.GetObjectRequest{ContainerID: "c", ObjectID: "o"}
	invoke(t, nc, hd, blobstore.OpGetObject, gq.AppendMsg(nil))
	receiveChunk(t, actor)
	if c := receiveChunk(t, actor); c.Offset != 4 {
		t.Errorf("second chunk at %d", c.Offset)
	}
	waitDownloads(t, p)
	select {
	case c := <-actor.chunks:
		t.Errorf("chunk after cancelDownload: %+v", c)
	default:
	}
}

// waitDownloads waits until no download is running.
func waitDownloads(t *testing.T, p *Provider) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		p.downloads.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("download still running")
	}
}

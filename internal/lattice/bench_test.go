package lattice

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/internal/natsd"
)

// BenchmarkRequestReply compares a raw NATS request/reply (the baseline) with a full invocation
// (sign, encode, request, decode, validate, handle, respond) over an in-process connection and
// over loopback TCP, with a small and a medium payload.
func BenchmarkRequestReply(b *testing.B) {
	for _, transport := range []string{"inprocess", "tcp"} {
		for _, size := range []int{64, 16 << 10} {
			name := transport + "/" + map[int]string{64: "64B", 16 << 10: "16KiB"}[size]
			b.Run("raw/"+name, func(b *testing.B) { benchRaw(b, transport, size) })
			b.Run("invoke/"+name, func(b *testing.B) { benchInvoke(b, transport, size) })
		}
	}
}

// benchConns returns a server connection (always in-process, as a host serving actors is) and a
// client connection of the given transport.
func benchConns(b *testing.B, transport string) (server, client *nats.Conn) {
	port := natsd.NoListener
	if transport == "tcp" {
		port = natsd.RandomPort
	}
	srv := startNATS(b, port)
	server, _ = connect(b, srv)
	if transport == "inprocess" {
		client, _ = connect(b, srv)
		return server, client
	}
	client, err := nats.Connect(srv.ClientURL())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(client.Close)
	return server, client
}

func benchRaw(b *testing.B, transport string, size int) {
	server, client := benchConns(b, transport)
	if _, err := server.Subscribe("bench.echo", func(m *nats.Msg) { _ = m.Respond(m.Data) }); err != nil {
		b.Fatal(err)
	}
	if err := server.Flush(); err != nil {
		b.Fatal(err)
	}
	msg := bytes.Repeat([]byte{'x'}, size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.Request("bench.echo", msg, 2*time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

func benchInvoke(b *testing.B, transport string, size int) {
	server, client := benchConns(b, transport)
	r := &Responder{Self: ActorEntity(actorPK), Validator: newValidator(b), Handler: echo("")}
	sub, err := Serve(b.Context(), server, ActorSubject("bench", actorPK), "", r)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(sub.Stop)
	c, err := NewClient(ClientConfig{Conn: client})
	if err != nil {
		b.Fatal(err)
	}
	signer := newSigner(b, nil)
	msg := bytes.Repeat([]byte{'x'}, size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		inv, err := signer.NewInvocation(ActorEntity(otherActorPK), ActorEntity(actorPK), "Bench.Echo", msg)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.Invoke(context.Background(), inv, ActorSubject("bench", actorPK)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInvocation measures the per-call CPU work apart from the network.
func BenchmarkInvocation(b *testing.B) {
	signer := newSigner(b, nil)
	msg := bytes.Repeat([]byte{'x'}, 1024)
	inv, err := signer.NewInvocation(ActorEntity(otherActorPK), ActorEntity(actorPK), "Bench.Echo", msg)
	if err != nil {
		b.Fatal(err)
	}
	encoded := inv.MarshalMsgpack()
	b.Run("sign", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := signer.NewInvocation(ActorEntity(otherActorPK), ActorEntity(actorPK), "Bench.Echo", msg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			inv.MarshalMsgpack()
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		var out Invocation
		for b.Loop() {
			if err := out.UnmarshalMsgpack(encoded); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("validate", func(b *testing.B) {
		v := newValidator(b)
		b.ReportAllocs()
		for b.Loop() {
			if err := v.Validate(inv, msg, ActorEntity(actorPK)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkChunkedInvoke measures a 1 MiB invocation whose request and response both go through
// the object store.
func BenchmarkChunkedInvoke(b *testing.B) {
	e := newRPCEnv(b)
	e.serve(b, ActorEntity(actorPK), echo(""))
	msg := bytes.Repeat([]byte{'x'}, 1<<20)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := e.invoke(context.Background(), b, ActorEntity(actorPK), "Bench.Echo", msg); err != nil {
			b.Fatal(err)
		}
	}
}

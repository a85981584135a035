package lattice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// rpcEnv is a lattice on one embedded server with a client and a chunker.
type rpcEnv struct {
	lattice string
	nc      *nats.Conn
	js      jetstream.JetStream
	chunker *Chunker
	client  *Client
	signer  *Signer
}

func newRPCEnv(t testing.TB) *rpcEnv {
	t.Helper()
	srv := startNATS(t, 0)
	nc, js := connect(t, srv)
	e := &rpcEnv{lattice: latticeName(t), nc: nc, js: js, signer: newSigner(t, nil)}
	var err error
	if e.chunker, err = NewChunker(js, e.lattice); err != nil {
		t.Fatal(err)
	}
	if e.client, err = NewClient(ClientConfig{Conn: nc, Chunker: e.chunker}); err != nil {
		t.Fatal(err)
	}
	return e
}

// serve serves handler as self until the test ends.
func (e *rpcEnv) serve(t testing.TB, self Entity, handler Handler) *Subscription {
	t.Helper()
	r := &Responder{Self: self, Validator: newValidator(t), Chunker: e.chunker, Handler: handler}
	queue := ProviderQueue
	if self.IsActor() {
		queue = self.Subject(e.lattice)
	}
	sub, err := Serve(t.Context(), e.nc, self.Subject(e.lattice), queue, r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sub.Stop)
	return sub
}

func (e *rpcEnv) invoke(ctx context.Context, t testing.TB, target Entity, op string, msg []byte) (*InvocationResponse, []byte, error) {
	t.Helper()
	inv, err := e.signer.NewInvocation(ActorEntity(otherActorPK), target, op, msg)
	if err != nil {
		t.Fatal(err)
	}
	return e.client.Invoke(ctx, inv, target.Subject(e.lattice))
}

// objects lists the names of the objects left in the lattice's object store.
func (e *rpcEnv) objects(t testing.TB) []string {
	t.Helper()
	store, err := e.chunker.objectStore(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	infos, err := store.List(t.Context())
	if errors.Is(err, jetstream.ErrNoObjectsFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range infos {
		names = append(names, o.Name)
	}
	return names
}

func echo(prefix string) Handler {
	return func(_ context.Context, inv *Invocation, msg []byte) ([]byte, error) {
		return append([]byte(prefix), msg...), nil
	}
}

func TestInvoke(t *testing.T) {
	e := newRPCEnv(t)
	provider := ProviderEntity(providerPK, "wasmcloud:keyvalue", "default")
	e.serve(t, ActorEntity(actorPK), echo("actor:"))
	e.serve(t, provider, echo("provider:"))
	big := bytes.Repeat([]byte("0123456789abcdef"), 64*1024) // 1 MiB, above ChunkThreshold

	tests := []struct {
		name   string
		target Entity
		msg    []byte
		want   []byte
	}{
		{"actor", ActorEntity(actorPK), []byte("hi"), []byte("actor:hi")},
		{"provider", provider, []byte("hi"), []byte("provider:hi")},
		{"empty payload", ActorEntity(actorPK), nil, []byte("actor:")},
		{"chunked request and response", ActorEntity(actorPK), big, append([]byte("actor:"), big...)},
		{"exactly the threshold", provider, big[:ChunkThreshold], append([]byte("provider:"), big[:ChunkThreshold]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, msg, err := e.invoke(t.Context(), t, tt.target, "Test.Echo", tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(msg, tt.want) || !bytes.Equal(resp.Msg, tt.want) {
				t.Fatalf("response payload %d bytes %.20q…, want %d bytes %.20q…", len(msg), msg, len(tt.want), tt.want)
			}
			if resp.Error != nil || *resp.ContentLength != uint64(len(tt.want)) {
				t.Fatalf("response %+v", resp)
			}
			if left := e.objects(t); len(left) > 0 {
				t.Fatalf("objects left in the store: %v", left)
			}
		})
	}
}

func TestInvokeFailures(t *testing.T) {
	e := newRPCEnv(t)
	e.serve(t, ActorEntity(actorPK), func(_ context.Context, inv *Invocation, msg []byte) ([]byte, error) {
		return nil, fmt.Errorf("cannot handle %s", inv.Operation)
	})
	// A host that subscribed to otherActorPK's subject but is stuck: it never answers.
	stuck, err := e.nc.QueueSubscribe(ActorSubject(e.lattice, otherActorPK), "q", func(*nats.Msg) {})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stuck.Unsubscribe() }()
	if err := e.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte{7}, ChunkThreshold+1)

	tests := []struct {
		name    string
		target  Entity
		msg     []byte
		timeout time.Duration
		want    error
		text    string
	}{
		{"handler error", ActorEntity(actorPK), []byte("x"), 0, nil,
			"Test.Op failed on actor " + actorPK + " (invocation "},
		{"actor not running", ActorEntity("MBNOTRUNNING"), []byte("x"), 0, ErrNoResponders,
			"no host is running actor MBNOTRUNNING: no responders"},
		{"provider not running", ProviderEntity(providerPK, "wasmcloud:keyvalue", "blue"), []byte("x"), 0, ErrNoResponders,
			"provider " + providerPK + " (link blue) is not running: no responders"},
		{"chunked, not running", ActorEntity("MBNOTRUNNING"), big, 0, ErrNoResponders, "no host is running actor"},
		{"timeout", ActorEntity(otherActorPK), []byte("x"), 200 * time.Millisecond, ErrRPCTimeout,
			"rpc timeout after 200ms calling Test.Op on actor " + otherActorPK},
		{"chunked timeout", ActorEntity(otherActorPK), big, 200 * time.Millisecond, ErrRPCTimeout, "rpc timeout after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			_, _, err := e.invoke(ctx, t, tt.target, "Test.Op", tt.msg)
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			var remote *RemoteError
			if tt.want == nil && !errors.As(err, &remote) {
				t.Fatalf("error %v, want a RemoteError", err)
			}
			if err == nil || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("error %q does not contain %q", err, tt.text)
			}
			if left := e.objects(t); len(left) > 0 {
				t.Fatalf("objects left in the store after a failed call: %v", left)
			}
		})
	}
}

func TestResponderRejects(t *testing.T) {
	e := newRPCEnv(t)
	e.serve(t, ActorEntity(otherActorPK), echo(""))
	// An invocation for actorPK sent to otherActorPK's subject: the receiver is not the target.
	inv, err := e.signer.NewInvocation(ActorEntity(otherActorPK), ActorEntity(actorPK), "Test.Op", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = e.client.Invoke(t.Context(), inv, ActorSubject(e.lattice, otherActorPK))
	if err == nil || !strings.Contains(err.Error(), ErrWrongTarget.Error()) {
		t.Fatalf("error %v, want the receiver's wrong-target rejection", err)
	}

	reply, err := e.nc.Request(ActorSubject(e.lattice, otherActorPK), []byte{0xc1}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var resp InvocationResponse
	if err := resp.UnmarshalMsgpack(reply.Data); err != nil {
		t.Fatal(err)
	}
	if resp.Error == nil || !strings.HasPrefix(*resp.Error, "malformed invocation: decode lattice.Invocation") {
		t.Fatalf("response to garbage: %+v", resp)
	}
}

func TestChunkedInvocationWithoutObjectIsRejected(t *testing.T) {
	e := newRPCEnv(t)
	e.serve(t, ActorEntity(actorPK), echo(""))
	inv, err := e.signer.NewInvocation(ActorEntity(otherActorPK), ActorEntity(actorPK), "Test.Op", []byte("payload"))
	if err != nil {
		t.Fatal(err)
	}
	inv.Msg = nil // claims to be chunked, but nothing was stored
	_, _, err = plainClient(t, e).Invoke(t.Context(), inv, ActorSubject(e.lattice, actorPK))
	if err == nil || !strings.Contains(err.Error(), "fetch chunked payload") {
		t.Fatalf("error %v, want a failed fetch", err)
	}
}

// plainClient returns a client without object store: it sends invocations as they are.
func plainClient(t testing.TB, e *rpcEnv) *Client {
	c, err := NewClient(ClientConfig{Conn: e.nc})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSubscriptionStop(t *testing.T) {
	e := newRPCEnv(t)
	started, release := make(chan struct{}), make(chan struct{})
	sub := e.serve(t, ActorEntity(actorPK), func(ctx context.Context, inv *Invocation, msg []byte) ([]byte, error) {
		close(started)
		<-release
		return []byte("done"), nil
	})
	if sub.Subject() != ActorSubject(e.lattice, actorPK) {
		t.Fatalf("Subject() = %q", sub.Subject())
	}
	result := make(chan error, 1)
	go func() {
		_, msg, err := e.invoke(t.Context(), t, ActorEntity(actorPK), "Test.Op", nil)
		if err == nil && string(msg) != "done" {
			err = fmt.Errorf("payload %q", msg)
		}
		result <- err
	}()
	<-started
	stopped := make(chan struct{})
	go func() { sub.Stop(); close(stopped) }()
	select {
	case <-stopped:
		t.Fatal("Stop returned while an invocation was running")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	<-stopped
	if err := <-result; err != nil {
		t.Fatalf("in-flight call: %v", err)
	}
	if _, _, err := e.invoke(t.Context(), t, ActorEntity(actorPK), "Test.Op", nil); !errors.Is(err, ErrNoResponders) {
		t.Fatalf("call after Stop: %v, want ErrNoResponders", err)
	}
}

func TestServeStopsWithContext(t *testing.T) {
	e := newRPCEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	r := &Responder{Self: ActorEntity(actorPK), Validator: newValidator(t), Handler: echo("")}
	if _, err := Serve(ctx, e.nc, ActorSubject(e.lattice, actorPK), "", r); err != nil {
		t.Fatal(err)
	}
	cancel()
	eventually(t, "subscription to stop", func() bool {
		_, _, err := e.invoke(t.Context(), t, ActorEntity(actorPK), "Test.Op", nil)
		return errors.Is(err, ErrNoResponders)
	})
	if _, err := Serve(t.Context(), e.nc, "x", "", &Responder{}); err == nil {
		t.Fatal("Serve accepted a responder without validator and handler")
	}
}

// TestInvokeHammer runs many concurrent calls, some chunked, through one subscription.
func TestInvokeHammer(t *testing.T) {
	e := newRPCEnv(t)
	e.serve(t, ActorEntity(actorPK), echo(""))
	const workers, calls = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*calls)
	for w := range workers {
		wg.Go(func() {
			for i := range calls {
				msg := []byte(fmt.Sprintf("w%d-%d", w, i))
				if w == 0 && i%5 == 0 {
					msg = bytes.Repeat(msg, ChunkThreshold/len(msg)+1)
				}
				_, got, err := e.invoke(t.Context(), t, ActorEntity(actorPK), "Test.Echo", msg)
				if err == nil && !bytes.Equal(got, msg) {
					err = fmt.Errorf("call %d/%d: got %d bytes, want %d", w, i, len(got), len(msg))
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err, failed := <-errs; failed {
		t.Fatalf("%d calls failed, first: %v", len(errs)+1, err)
	}
}

// TestChunkedPayloadFetchedOnlyWhenAuthentic checks that a receiver validates the token before it
// touches the object store, so forged or oversized invocations can neither read nor delete
// another call's chunk.
func TestChunkedPayloadFetchedOnlyWhenAuthentic(t *testing.T) {
	e := newRPCEnv(t)
	strict := &Responder{Self: ActorEntity(actorPK), Validator: &Validator{ClusterIssuers: newValidator(t).ClusterIssuers, MaxPayload: 1 << 20},
		Chunker: e.chunker, Handler: echo("")}
	sub, err := Serve(t.Context(), e.nc, ActorSubject(e.lattice, actorPK), "", strict)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sub.Stop)
	big := bytes.Repeat([]byte{1}, ChunkThreshold+1)

	tests := []struct {
		name string
		edit func(inv *Invocation)
		want error
	}{
		{"token for another target", func(inv *Invocation) {
			other, err := e.signer.NewInvocation(inv.Origin, ActorEntity(otherActorPK), inv.Operation, big)
			if err != nil {
				t.Fatal(err)
			}
			inv.EncodedClaims = other.EncodedClaims
		}, ErrClaimsMismatch},
		{"larger than the receiver's limit", func(inv *Invocation) { *inv.ContentLength = 2 << 20 }, ErrPayloadTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := e.signer.NewInvocation(ActorEntity(otherActorPK), ActorEntity(actorPK), "Test.Op", big)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.chunker.Put(t.Context(), inv.ID, big); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = e.chunker.Delete(t.Context(), inv.ID) }()
			inv.Msg = nil
			tt.edit(inv)
			_, _, err = plainClient(t, e).Invoke(t.Context(), inv, ActorSubject(e.lattice, actorPK))
			if err == nil || !strings.Contains(err.Error(), tt.want.Error()) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if left := e.objects(t); !slices.Contains(left, inv.ID) {
				t.Fatalf("the receiver deleted the chunk of a rejected invocation (left: %v)", left)
			}
		})
	}
}

func TestStopAfterConnectionClosed(t *testing.T) {
	nc, _ := connect(t, startNATS(t, 0))
	r := &Responder{Self: ActorEntity(actorPK), Validator: newValidator(t), Handler: echo("")}
	sub, err := Serve(t.Context(), nc, ActorSubject("x", actorPK), "", r)
	if err != nil {
		t.Fatal(err)
	}
	nc.Close()
	stopped := make(chan struct{})
	go func() { sub.Stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("Stop hung after the connection closed")
	}
}

package messagingnats

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/messaging"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/natsd"
)

const (
	actorPK  = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"
	actor2PK = "MAK6EPLJKSPHHDWKPRCNZ6JQLHMF3QMU3NXWUSZHJZ4ZFDKBGO6S6ENN"
)

// startNATS starts an embedded server with JetStream on a random port.
func startNATS(t *testing.T) *natsd.Server {
	t.Helper()
	s, err := natsd.Start(t.Context(), natsd.Config{Port: natsd.RandomPort, JetStream: true, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

func connect(t *testing.T, s *natsd.Server) *nats.Conn {
	t.Helper()
	nc, err := s.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func link(actor string, values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actor, ProviderID: "VPROVIDER", LinkName: "default", ContractID: messaging.ContractID, Values: values}
}

// linked returns a provider on nc (as Init would set it) with actorPK linked without values.
func linked(t *testing.T, nc *nats.Conn) *Provider {
	t.Helper()
	p := New(nil)
	p.nc = nc
	if err := p.PutLink(t.Context(), link(actorPK, nil)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return p
}

func next(t *testing.T, sub *nats.Subscription) *nats.Msg {
	t.Helper()
	m, err := sub.NextMsg(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPublish(t *testing.T) {
	t.Parallel()
	nc := connect(t, startNATS(t))
	p := linked(t, nc)
	sub, err := nc.SubscribeSync("pub.>")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		msg   messaging.PubMessage
		reply string
	}{
		{messaging.PubMessage{Subject: "pub.a", Body: []byte("hello")}, ""},
		{messaging.PubMessage{Subject: "pub.b", ReplyTo: new("_INBOX.r1"), Body: []byte("with reply")}, "_INBOX.r1"},
		{messaging.PubMessage{Subject: "pub.c", ReplyTo: new(""), Body: nil}, ""},
	} {
		out, err := p.Handle(t.Context(), actorPK, link(actorPK, nil), messaging.OpPublish, tt.msg.AppendMsg(nil))
		if err != nil || len(out) != 0 {
			t.Fatalf("Publish %s: %x, %v", tt.msg.Subject, out, err)
		}
		m := next(t, sub)
		if m.Subject != tt.msg.Subject || string(m.Data) != string(tt.msg.Body) || m.Reply != tt.reply {
			t.Errorf("received %s %q reply %q; want %s %q reply %q", m.Subject, m.Data, m.Reply, tt.msg.Subject, tt.msg.Body, tt.reply)
		}
	}
	_, err = p.Handle(t.Context(), actorPK, link(actorPK, nil), messaging.OpPublish, (&messaging.PubMessage{}).AppendMsg(nil))
	if err == nil || !strings.HasPrefix(err.Error(), "Messaging.Publish: nats lattice connection subject \"\"") {
		t.Errorf("empty subject: %v", err)
	}
}

func TestRequest(t *testing.T) {
	t.Parallel()
	nc := connect(t, startNATS(t))
	p := linked(t, nc)
	if _, err := nc.Subscribe("svc.echo", func(m *nats.Msg) { _ = m.Respond(append([]byte("re: "), m.Data...)) }); err != nil {
		t.Fatal(err)
	}
	if _, err := nc.SubscribeSync("svc.silent"); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	request := func(subject string, timeoutMs uint32) ([]byte, error) {
		req := messaging.RequestMessage{Subject: subject, Body: []byte("ping"), TimeoutMs: timeoutMs}
		return p.Handle(t.Context(), actorPK, link(actorPK, nil), messaging.OpRequest, req.AppendMsg(nil))
	}
	out, err := request("svc.echo", 0)
	if err != nil {
		t.Fatal(err)
	}
	var reply messaging.ReplyMessage
	if err := reply.UnmarshalMsg(out); err != nil {
		t.Fatal(err)
	}
	if string(reply.Body) != "re: ping" || !strings.HasPrefix(reply.Subject, "_INBOX.") || reply.ReplyTo != nil {
		t.Errorf("reply %+v", reply)
	}

	start := time.Now()
	_, err = request("svc.silent", 150)
	want := `Messaging.Request: nats lattice connection subject "svc.silent": no reply within 150ms`
	if err == nil || err.Error() != want {
		t.Errorf("silent responder: %v, want %q", err, want)
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 2*time.Second {
		t.Errorf("timeout took %v", d)
	}
	_, err = request("svc.nobody", 0)
	if err == nil || !strings.Contains(err.Error(), `subject "svc.nobody": no responders`) {
		t.Errorf("no subscriber: %v", err)
	}
}

func TestHandleErrors(t *testing.T) {
	t.Parallel()
	nc := connect(t, startNATS(t))
	p := linked(t, nc)
	_, err := p.Handle(t.Context(), actorPK, link(actorPK, nil), "Messaging.Nope", nil)
	if err == nil || err.Error() != "Messaging.Nope: unknown operation of wasmcloud:messaging" {
		t.Errorf("unknown op: %v", err)
	}
	_, err = p.Handle(t.Context(), actorPK, link(actorPK, nil), messaging.OpPublish, []byte{0xc1})
	if err == nil || !strings.HasPrefix(err.Error(), "Messaging.Publish: ") {
		t.Errorf("bad payload: %v", err)
	}
	_, err = p.Handle(t.Context(), "MNOLINK", ctl.LinkDefinition{}, messaging.OpPublish, nil)
	if err == nil || !strings.Contains(err.Error(), "no link for actor MNOLINK") {
		t.Errorf("no link: %v", err)
	}
}

// TestURLLink links an actor to a second server by URL.
func TestURLLink(t *testing.T) {
	t.Parallel()
	nc := connect(t, startNATS(t))
	other := startNATS(t)
	onc := connect(t, other)
	p := linked(t, nc)
	ld := link(actor2PK, map[string]string{"url": other.ClientURL()})
	if err := p.PutLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	here, err := nc.SubscribeSync("x")
	if err != nil {
		t.Fatal(err)
	}
	there, err := onc.SubscribeSync("x")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*nats.Conn{nc, onc} {
		if err := c.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for p.Health(t.Context()) != nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	pub := (&messaging.PubMessage{Subject: "x", Body: []byte("b")}).AppendMsg(nil)
	if _, err := p.Handle(t.Context(), actor2PK, ld, messaging.OpPublish, pub); err != nil {
		t.Fatal(err)
	}
	if m := next(t, there); string(m.Data) != "b" {
		t.Errorf("other server got %q", m.Data)
	}
	if m, err := here.NextMsg(100 * time.Millisecond); err == nil {
		t.Errorf("lattice server got %q", m.Data)
	}
	if err := p.Health(t.Context()); err != nil {
		t.Fatal(err)
	}
	l, ok := p.links.Get(actor2PK)
	if !ok {
		t.Fatalf("no link state for actor %s", actor2PK)
	}
	own := l.nc
	if err := p.DeleteLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	if !own.IsClosed() {
		t.Error("DeleteLink left the link's connection open")
	}

	err = p.PutLink(t.Context(), link(actor2PK, map[string]string{"URL": "nats://a b"}))
	if err == nil || !strings.Contains(err.Error(), `invalid URL value "nats://a b"`) {
		t.Errorf("bad URL: %v", err)
	}
}

// TestClosedPort links to a port nothing listens on: accepted, unhealthy.
func TestClosedPort(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := "nats://" + l.Addr().String()
	l.Close()
	p := New(nil)
	defer p.Shutdown(context.Background())
	if err := p.PutLink(t.Context(), link(actorPK, map[string]string{"URL": addr, "SUBSCRIPTION": "a"})); err != nil {
		t.Fatal(err)
	}
	err = p.Health(t.Context())
	if err == nil || !strings.Contains(err.Error(), "actor "+actorPK+": nats "+addr+": not connected") {
		t.Fatalf("Health: %v", err)
	}
}

func TestLinkValues(t *testing.T) {
	t.Parallel()
	p := New(nil)
	err := p.PutLink(t.Context(), link(actorPK, nil))
	if err == nil || !strings.Contains(err.Error(), "no NATS connection") {
		t.Errorf("uninitialized: %v", err)
	}
	for _, bad := range []string{"a b", "a..b", ">.a", "a|", "a|q q"} {
		err := p.PutLink(t.Context(), link(actorPK, map[string]string{"subscription": bad}))
		if err == nil || !strings.Contains(err.Error(), `invalid SUBSCRIPTION value "`+bad+`"`) {
			t.Errorf("SUBSCRIPTION %q: %v", bad, err)
		}
	}
	got, err := parseSubscriptions(" a.*, ,b.>|grp ,c ")
	want := []subscription{{"a.*", ""}, {"b.>", "grp"}, {"c", ""}}
	if err != nil || len(got) != len(want) {
		t.Fatalf("parse: %v, %v", got, err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

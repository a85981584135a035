package telnet_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/telnet"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/natsd"
	"github.com/trellis-lattice/trellis/provider"
	telnetprov "github.com/trellis-lattice/trellis/providers/telnet"
)

// Fixed test identities (the provider SDK's fixtures).
const (
	clusterSeed  = "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4"
	hostPK       = "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH"
	actorPK      = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"
	otherActorPK = "MAK6EPLJKSPHHDWKPRCNZ6JQLHMF3QMU3NXWUSZHJZ4ZFDKBGO6S6ENN"
	providerPK   = "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT"
	instanceID   = "9a1c1f7e-0000-4000-8000-000000000007"
)

// event is one call the fake actor received: op, session, and remoteAddr, text or reason.
type event struct {
	op, session, value string
}

// env is a running provider on an embedded NATS server with a fake actor for actorPK.
type env struct {
	t      *testing.T
	p      *telnetprov.Provider
	events chan event
	// reply answers the fake actor's calls; nil succeeds.
	reply atomic.Pointer[func(event) error]
	// inFlight counts the fake actor's calls in progress per session; maxInFlight is the most seen.
	mu          sync.Mutex
	inFlight    map[string]int
	maxInFlight int
}

func start(t *testing.T) *env {
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
	kp, err := claims.ParseSeed(clusterSeed)
	if err != nil {
		t.Fatal(err)
	}
	lat := strings.NewReplacer("/", "_").Replace(t.Name())
	hd := &provider.HostData{
		HostID: hostPK, LatticeRPCPrefix: lat, LinkName: "default", ProviderKey: providerPK,
		ClusterIssuers: []string{kp.PublicKey()}, InvocationSeed: clusterSeed,
		DefaultRPCTimeoutMS: 2000, InstanceID: instanceID,
	}
	e := &env{t: t, p: telnetprov.New(nil), events: make(chan event, 1000), inFlight: map[string]int{}}
	r := &lattice.Responder{
		Self:      lattice.ActorEntity(actorPK),
		Validator: &lattice.Validator{ClusterIssuers: hd.ClusterIssuers},
		Handler: func(_ context.Context, inv *lattice.Invocation, msg []byte) ([]byte, error) {
			if want := lattice.ProviderEntity(providerPK, telnet.ContractID, "default"); inv.Origin != want {
				return nil, fmt.Errorf("unexpected origin %+v", inv.Origin)
			}
			ev, err := decode(inv.Operation, msg)
			if err != nil {
				return nil, err
			}
			e.enter(ev.session)
			defer e.leave(ev.session)
			e.events <- ev
			if f := e.reply.Load(); f != nil {
				return nil, (*f)(ev)
			}
			return nil, nil
		},
	}
	sub, err := lattice.Serve(t.Context(), nc, lattice.ActorSubject(lat, actorPK), "", r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sub.Stop)
	ctx, cancel := context.WithCancel(t.Context())
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		if err := provider.Run(ctx, nc, hd, e.p, nil); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			t.Error("Run did not return")
		}
	})
	subject := lattice.ProviderSubject(lat, providerPK, "default")
	eventually(t, "provider serving", func() bool {
		_, err := nc.Request(subject, []byte{0xc0}, 100*time.Millisecond)
		return err == nil
	})
	return e
}

func decode(op string, msg []byte) (event, error) {
	switch op {
	case telnet.OpSessionStarted:
		var m telnet.SessionStarted
		err := m.UnmarshalMsg(msg)
		return event{op, m.Session, m.RemoteAddr}, err
	case telnet.OpReceiveText:
		var m telnet.TextMessage
		err := m.UnmarshalMsg(msg)
		return event{op, m.Session, m.Text}, err
	case telnet.OpSessionEnded:
		var m telnet.SessionEnded
		err := m.UnmarshalMsg(msg)
		return event{op, m.Session, m.Reason}, err
	}
	return event{}, fmt.Errorf("unexpected operation %s", op)
}

func (e *env) enter(session string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.inFlight[session]++
	e.maxInFlight = max(e.maxInFlight, e.inFlight[session])
}

func (e *env) leave(session string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.inFlight[session]--
}

// onCall sets how the fake actor answers.
func (e *env) onCall(f func(event) error) { e.reply.Store(&f) }

// next returns the fake actor's next call.
func (e *env) next() event {
	e.t.Helper()
	select {
	case ev := <-e.events:
		return ev
	case <-time.After(10 * time.Second):
		e.t.Fatal("timed out waiting for a call to the actor")
		return event{}
	}
}

// expect requires the next call to be op with value, and returns its session.
func (e *env) expect(op, value string) string {
	e.t.Helper()
	ev := e.next()
	if ev.op != op || ev.value != value {
		e.t.Fatalf("actor got %s %q, want %s %q", ev.op, ev.value, op, value)
	}
	return ev.session
}

// noCalls requires that the fake actor has no unread calls.
func (e *env) noCalls() {
	e.t.Helper()
	select {
	case ev := <-e.events:
		e.t.Fatalf("unexpected call %+v", ev)
	default:
	}
}

// sendText calls Telnet.SendText as actor would.
func (e *env) sendText(actor, session, text string) error {
	msg := &telnet.TextMessage{Session: session, Text: text}
	_, err := e.p.Handle(e.t.Context(), actor, link(actor, nil), telnet.OpSendText, msg.AppendMsg(nil))
	return err
}

// listen links actorPK with values plus a free PORT and returns the address.
func (e *env) listen(values map[string]string) string {
	e.t.Helper()
	port := freePort(e.t)
	v := map[string]string{"PORT": port}
	for k, val := range values {
		v[k] = val
	}
	if err := e.p.PutLink(e.t.Context(), link(actorPK, v)); err != nil {
		e.t.Fatal(err)
	}
	return "127.0.0.1:" + port
}

func link(actor string, values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actor, ProviderID: providerPK, LinkName: "default",
		ContractID: telnet.ContractID, Values: values}
}

// freePort asks the kernel for a free port.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// client is a telnet client on a real TCP connection.
type client struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, conn: conn, r: bufio.NewReader(conn)}
}

func (c *client) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatal(err)
	}
}

// line reads one line, with its CR LF.
func (c *client) line() string {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	s, err := c.r.ReadString('\n')
	if err != nil {
		c.t.Fatalf("read line: %v (got %q)", err, s)
	}
	return s
}

// closed requires the server to close the connection without sending more.
func (c *client) closed() {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if b, err := c.r.ReadByte(); err != io.EOF {
		c.t.Fatalf("read %q, %v; want EOF", b, err)
	}
}

func TestSession(t *testing.T) {
	e := start(t)
	addr := e.listen(nil)
	c := dial(t, addr)
	session := e.expect(telnet.OpSessionStarted, c.conn.LocalAddr().String())
	if !strings.HasPrefix(session, instanceID+"-") {
		t.Errorf("session id %q does not start with the instance id", session)
	}
	c.send("hello\r\nworld\n")
	e.expect(telnet.OpReceiveText, "hello")
	e.expect(telnet.OpReceiveText, "world")
	if err := e.sendText(actorPK, session, "hi there\n> "); err != nil {
		t.Fatal(err)
	}
	if got := c.line(); got != "hi there\r\n" {
		t.Errorf("client read %q", got)
	}
	if err := e.p.Health(t.Context()); err != nil {
		t.Errorf("Health: %v", err)
	}
	// A second client gets a different session.
	c2 := dial(t, addr)
	if s2 := e.expect(telnet.OpSessionStarted, c2.conn.LocalAddr().String()); s2 == session {
		t.Errorf("two sessions with id %s", s2)
	}
	// Disconnect in the middle of a line: the partial line is dropped.
	c.send("half a li")
	c.conn.Close()
	if got := e.next(); got != (event{telnet.OpSessionEnded, session, "client disconnected"}) {
		t.Errorf("actor got %+v", got)
	}
	err := e.sendText(actorPK, session, "anyone?")
	if want := "session " + session + " is not connected"; err == nil || err.Error() != want {
		t.Errorf("SendText after the end: %v, want %q", err, want)
	}
}

func TestOrderedDelivery(t *testing.T) {
	e := start(t)
	e.onCall(func(event) error { time.Sleep(time.Millisecond); return nil })
	addr := e.listen(nil)
	const n = 50
	var clients []*client
	for range 3 {
		c := dial(t, addr)
		clients = append(clients, c)
		e.expect(telnet.OpSessionStarted, c.conn.LocalAddr().String())
	}
	var all strings.Builder
	for i := range n {
		fmt.Fprintf(&all, "line %d\r\n", i)
	}
	for _, c := range clients {
		c.send(all.String()) // all at once: the provider must still deliver one at a time
	}
	next := map[string]int{}
	for range n * len(clients) {
		ev := e.next()
		if want := fmt.Sprintf("line %d", next[ev.session]); ev.op != telnet.OpReceiveText || ev.value != want {
			t.Fatalf("session %s: got %s %q, want %q", ev.session, ev.op, ev.value, want)
		}
		next[ev.session]++
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.maxInFlight != 1 {
		t.Errorf("up to %d calls in flight for one session, want 1", e.maxInFlight)
	}
}

func TestInputCleaning(t *testing.T) {
	e := start(t)
	c := dial(t, e.listen(map[string]string{"max_line": "16"}))
	e.expect(telnet.OpSessionStarted, c.conn.LocalAddr().String())
	tests := []struct{ name, in, want string }{
		{"telnet negotiation", "\xff\xfd\x03\xff\xfb\x01ab\xff\xfa\x18\x00xterm\xff\xf0c\xff\xffd\r\n", "abc\uFFFDd"},
		{"binary garbage", "\x00\x01\x80\xfe\x1b[31mred\x07\r\n", "\uFFFD\uFFFD[31mred"},
		{"exactly max_line", "0123456789abcdef\r\n", "0123456789abcdef"},
	}
	for _, tt := range tests {
		c.send(tt.in)
		if got := e.next(); got.op != telnet.OpReceiveText || got.value != tt.want {
			t.Errorf("%s: actor got %s %q, want %q", tt.name, got.op, got.value, tt.want)
		}
	}
	// A long line is dropped up to its newline; the session goes on.
	c.send(strings.Repeat("x", 100) + "\r\nafter\r\n")
	if got := c.line(); got != "line too long (max 16 bytes)\r\n" {
		t.Errorf("client read %q", got)
	}
	e.expect(telnet.OpReceiveText, "after")
}

func TestActorErrors(t *testing.T) {
	e := start(t)
	e.onCall(func(ev event) error {
		switch {
		case ev.op == telnet.OpSessionStarted && strings.HasSuffix(ev.value, "refuse"):
			return errors.New("never happens")
		case ev.op == telnet.OpReceiveText && ev.value == "boom":
			return errors.New("unknown command boom")
		}
		return nil
	})
	addr := e.listen(nil)
	c := dial(t, addr)
	session := e.expect(telnet.OpSessionStarted, c.conn.LocalAddr().String())
	c.send("boom\n")
	e.expect(telnet.OpReceiveText, "boom")
	if got := c.line(); got != "error: unknown command boom\r\n" {
		t.Errorf("client read %q", got)
	}
	c.send("still here\n")
	if got := e.expect(telnet.OpReceiveText, "still here"); got != session {
		t.Errorf("session changed to %s", got)
	}

	// A failed SessionStarted refuses the session, without SessionEnded.
	e.onCall(func(ev event) error {
		if ev.op == telnet.OpSessionStarted {
			return errors.New("go away")
		}
		return nil
	})
	c2 := dial(t, addr)
	e.expect(telnet.OpSessionStarted, c2.conn.LocalAddr().String())
	if got := c2.line(); got != "error: go away\r\n" {
		t.Errorf("client read %q", got)
	}
	c2.closed()
}

func TestSendText(t *testing.T) {
	e := start(t)
	c := dial(t, e.listen(nil))
	session := e.expect(telnet.OpSessionStarted, c.conn.LocalAddr().String())

	for _, tc := range []struct{ actor, session string }{{actorPK, "nope"}, {otherActorPK, session}} {
		err := e.sendText(tc.actor, tc.session, "x")
		if want := "session " + tc.session + " is not connected"; err == nil || err.Error() != want {
			t.Errorf("SendText(%s, %s) = %v, want %q", tc.actor, tc.session, err, want)
		}
	}
	_, err := e.p.Handle(t.Context(), actorPK, link(actorPK, nil), "Telnet.Nope", nil)
	if err == nil || !strings.Contains(err.Error(), "no operation Telnet.Nope") {
		t.Errorf("unknown operation: %v", err)
	}
	_, err = e.p.Handle(t.Context(), actorPK, link(actorPK, nil), telnet.OpSendText, []byte{0xc3})
	if err == nil || !strings.Contains(err.Error(), "decode telnet.TextMessage") {
		t.Errorf("bad payload: %v", err)
	}

	// Concurrent writes to one session arrive whole.
	const writers, each = 16, 20
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if err := e.sendText(actorPK, session, fmt.Sprintf("writer %d line %d %s\n", w, i, strings.Repeat("z", 200))); err != nil {
					t.Error(err)
				}
			}
		})
	}
	seen := map[int]int{}
	for range writers * each {
		var w, i int
		var pad string
		if _, err := fmt.Sscanf(c.line(), "writer %d line %d %s\r\n", &w, &i, &pad); err != nil || len(pad) != 200 {
			t.Fatalf("garbled line: %v", err)
		}
		if i != seen[w] {
			t.Fatalf("writer %d: line %d after %d", w, i, seen[w])
		}
		seen[w]++
	}
	wg.Wait()
}

func TestLimits(t *testing.T) {
	e := start(t)
	addr := e.listen(map[string]string{"max_sessions": "1", "idle_timeout": "300ms"})
	c := dial(t, addr)
	session := e.expect(telnet.OpSessionStarted, c.conn.LocalAddr().String())
	full := dial(t, addr)
	if got := full.line(); got != "server full\r\n" {
		t.Errorf("second client read %q", got)
	}
	full.closed()
	if got := c.line(); got != "idle timeout\r\n" {
		t.Errorf("idle client read %q", got)
	}
	c.closed()
	if got := e.next(); got.op != telnet.OpSessionEnded || got.session != session || !strings.HasPrefix(got.value, "idle timeout") {
		t.Errorf("actor got %+v", got)
	}
	e.noCalls() // the refused client never reached the actor
}

func TestDeleteLinkAndShutdown(t *testing.T) {
	e := start(t)
	addr := e.listen(nil)
	c := dial(t, addr)
	e.expect(telnet.OpSessionStarted, c.conn.LocalAddr().String())
	port := strings.TrimPrefix(addr, "127.0.0.1:")
	if err := e.p.DeleteLink(t.Context(), link(actorPK, map[string]string{"PORT": port})); err != nil {
		t.Fatal(err)
	}
	if got := c.line(); got != "server shutting down\r\n" {
		t.Errorf("client read %q", got)
	}
	c.closed()
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("listener accepting after DeleteLink")
	}
	e.noCalls() // no SessionEnded on DeleteLink

	addr2 := e.listen(nil)
	c2 := dial(t, addr2)
	e.expect(telnet.OpSessionStarted, c2.conn.LocalAddr().String())
	if err := e.p.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := c2.line(); got != "server shutting down\r\n" {
		t.Errorf("client read %q", got)
	}
	c2.closed()
	e.noCalls()
}

func TestRelink(t *testing.T) {
	e := start(t)
	p1, p2 := freePort(t), freePort(t)
	if err := e.p.PutLink(t.Context(), link(actorPK, map[string]string{"PORT": p1})); err != nil {
		t.Fatal(err)
	}
	c := dial(t, "127.0.0.1:"+p1)
	e.expect(telnet.OpSessionStarted, c.conn.LocalAddr().String())
	// A new limit keeps the listener and its sessions.
	if err := e.p.PutLink(t.Context(), link(actorPK, map[string]string{"PORT": p1, "max_line": "8"})); err != nil {
		t.Fatal(err)
	}
	c.send("still connected\n")
	e.expect(telnet.OpReceiveText, "still connected")
	// A new port moves the listener.
	if err := e.p.PutLink(t.Context(), link(actorPK, map[string]string{"PORT": p2})); err != nil {
		t.Fatal(err)
	}
	if got := c.line(); got != "server shutting down\r\n" {
		t.Errorf("client of the old listener read %q", got)
	}
	c2 := dial(t, "127.0.0.1:"+p2)
	e.expect(telnet.OpSessionStarted, c2.conn.LocalAddr().String())
	if _, err := net.Dial("tcp", "127.0.0.1:"+p1); err == nil {
		t.Error("old listener still accepting")
	}
}

func TestLinkErrors(t *testing.T) {
	e := start(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	tests := []struct {
		name   string
		values map[string]string
		want   []string
	}{
		{"port in use", map[string]string{"PORT": busyPort},
			[]string{actorPK, "(link default)", "127.0.0.1:" + busyPort, `PORT="` + busyPort + `"`, "address already in use"}},
		{"address in use", map[string]string{"address": "127.0.0.1:" + busyPort},
			[]string{actorPK, "(link default)", "cannot listen on 127.0.0.1:" + busyPort}},
		{"bad port", map[string]string{"PORT": "99999"}, []string{actorPK, `invalid PORT "99999"`}},
		{"no address", map[string]string{}, []string{actorPK, "neither PORT nor address"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := e.p.PutLink(t.Context(), link(actorPK, tc.values))
			if err == nil {
				t.Fatal("PutLink succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

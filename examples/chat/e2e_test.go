//go:build !wasip1

// End-to-end tests of the chat application: the real trellis binary, the real actors built and
// signed by `make chat`, the manifests of this directory, and clients speaking telnet, HTTP and
// NATS, as a user would.
package chat_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// artifacts are the trellis binary and the chat actors, built once per test run by make.
var artifacts struct {
	once       sync.Once
	dir, bin   string
	build, err string
}

func build(t *testing.T) (bin, buildDir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds trellis and the chat actors")
	}
	artifacts.once.Do(func() {
		dir, err := os.MkdirTemp("", "chat-e2e")
		if err != nil {
			artifacts.err = err.Error()
			return
		}
		artifacts.dir, artifacts.bin, artifacts.build = dir, filepath.Join(dir, "trellis"), filepath.Join(dir, "build")
		cmd := exec.Command("make", "-C", "../..", "BIN="+artifacts.bin, "BUILD="+artifacts.build, "build", "chat")
		cmd.Env = append(os.Environ(), "TRELLIS_KEYS_DIR="+filepath.Join(dir, "keys"))
		if out, err := cmd.CombinedOutput(); err != nil {
			artifacts.err = fmt.Sprintf("make chat: %v\n%s", err, out)
		}
	})
	if artifacts.err != "" {
		t.Fatal(artifacts.err)
	}
	return artifacts.bin, artifacts.build
}

func TestMain(m *testing.M) {
	code := m.Run()
	if artifacts.dir != "" {
		os.RemoveAll(artifacts.dir)
	}
	os.Exit(code)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// lattice is a chat lattice: trellis up processes sharing one NATS server.
type lattice struct {
	t        *testing.T
	bin      string
	build    string
	name     string
	natsURL  string
	telnet   int
	http     int
	env      []string
	dir      string
	natsPort int
}

func newLattice(t *testing.T) *lattice {
	bin, buildDir := build(t)
	dir := t.TempDir()
	l := &lattice{t: t, bin: bin, build: buildDir, dir: dir, name: fmt.Sprintf("chat%d", time.Now().UnixNano()%1e9),
		telnet: freePort(t), http: freePort(t), natsPort: freePort(t)}
	l.natsURL = "nats://127.0.0.1:" + strconv.Itoa(l.natsPort)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TRELLIS_NATS_URL=") && !strings.HasPrefix(kv, "TRELLIS_LATTICE=") {
			l.env = append(l.env, kv)
		}
	}
	l.env = append(l.env, "TRELLIS_KEYS_DIR="+filepath.Join(dir, "keys"), "TRELLIS_LATTICE="+l.name)
	return l
}

// manifest rewrites a manifest of this directory for the test: images from the test's build,
// the test's ports.
func (l *lattice) manifest(name string) string {
	l.t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		l.t.Fatal(err)
	}
	s := strings.ReplaceAll(string(src), "file://../../build/chat/", "file://"+l.build+"/chat/")
	s = strings.ReplaceAll(s, `PORT: "8500"`, `PORT: "`+strconv.Itoa(l.telnet)+`"`)
	s = strings.ReplaceAll(s, `PORT: "8080"`, `PORT: "`+strconv.Itoa(l.http)+`"`)
	path := filepath.Join(l.dir, name)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		l.t.Fatal(err)
	}
	return path
}

// proc is a child process of a test, with its combined output. startProc stops it when the
// test ends.
type proc struct {
	label  string
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has exited
	mu     sync.Mutex
	out    bytes.Buffer
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// startProc starts cmd with its output captured. When t ends the process gets SIGTERM, then a
// kill after 20 s, and its output is logged if t failed.
func startProc(t *testing.T, label string, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{label: label, cmd: cmd, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p, p
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", label, p.output())
		}
	})
	return p
}

// up starts `trellis up` with args; the first host of a lattice runs the NATS server.
func (l *lattice) up(args ...string) *proc {
	l.t.Helper()
	cmd := exec.Command(l.bin, append([]string{"up"}, args...)...)
	cmd.Env = l.env
	return startProc(l.t, fmt.Sprintf("trellis up %v", args), cmd)
}

// trellis runs a CLI command against the lattice and returns its stdout.
func (l *lattice) trellis(args ...string) (string, error) {
	cmd := exec.Command(l.bin, args...)
	cmd.Env = append(l.env, "TRELLIS_NATS_URL="+l.natsURL)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("trellis %v: %v: %s", args, err, errOut.String())
	}
	return out.String(), nil
}

func eventually(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", within, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (l *lattice) waitDeployed(version string) {
	l.t.Helper()
	var last string
	eventually(l.t, "chat "+version+" deployed (last status: "+last+")", 120*time.Second, func() bool {
		last, _ = l.trellis("app", "status", "chat")
		return strings.Contains(last, "chat version "+version+": Deployed")
	})
}

// telnetClient is a user on the telnet channel.
type telnetClient struct {
	t     *testing.T
	conn  net.Conn
	mu    sync.Mutex
	lines []string
}

func (l *lattice) dialTelnet() *telnetClient {
	l.t.Helper()
	conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(l.telnet))
	if err != nil {
		l.t.Fatal(err)
	}
	c := &telnetClient{t: l.t, conn: conn}
	l.t.Cleanup(func() { conn.Close() })
	go func() {
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			c.mu.Lock()
			c.lines = append(c.lines, strings.TrimRight(sc.Text(), "\r"))
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *telnetClient) send(line string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, line+"\r\n"); err != nil {
		c.t.Fatal(err)
	}
}

// count returns how many received lines contain s.
func (c *telnetClient) count(s string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, l := range c.lines {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

func (c *telnetClient) transcript() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.lines, "\n")
}

func (c *telnetClient) wait(what string, s string) {
	c.t.Helper()
	eventually(c.t, what+" ("+s+") in:\n"+c.transcript(), 30*time.Second, func() bool { return c.count(s) > 0 })
}

func (l *lattice) post(room, nick, text string) (int, chatapi.Message) {
	l.t.Helper()
	body, _ := json.Marshal(map[string]string{"nick": nick, "text": text})
	resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/rooms/%s/messages", l.http, room), "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, chatapi.Message{}
	}
	defer resp.Body.Close()
	var m chatapi.Message
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func (l *lattice) history(room string) []chatapi.Message {
	l.t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/rooms/%s/messages", l.http, room))
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	var ms []chatapi.Message
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		l.t.Fatalf("GET history of %s: %d %s", room, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(&ms); err != nil {
		l.t.Fatal(err)
	}
	return ms
}

// TestChat brings the application up from app.yaml with one `trellis up`, puts two telnet
// users, an HTTP client and a NATS client in one room, and checks that every message reaches
// every member exactly once with its origin channel; then restarts the messages actor (history
// survives) and redeploys with app-redis.yaml (the chat goes on with history in Redis).
func TestChat(t *testing.T) {
	l := newLattice(t)
	manifest := l.manifest("app.yaml")
	l.up("--nats-listen", "127.0.0.1:"+strconv.Itoa(l.natsPort), "--data-dir", filepath.Join(l.dir, "data"), "--manifest", manifest)
	l.waitDeployed("v1")

	room := fmt.Sprintf("e2e-%d", time.Now().UnixNano()%1e9)
	nc, err := nats.Connect(l.natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	var natsMu sync.Mutex
	var fromNATS []chatapi.Message
	sub, err := nc.Subscribe("chat."+room, func(m *nats.Msg) {
		var msg chatapi.Message
		if json.Unmarshal(m.Data, &msg) == nil && msg.ID != "" {
			natsMu.Lock()
			fromNATS = append(fromNATS, msg)
			natsMu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()

	ann, bob := l.dialTelnet(), l.dialTelnet()
	ann.wait("ann's welcome", "Welcome to Trellis chat")
	bob.wait("bob's welcome", "Welcome to Trellis chat")
	ann.send("/nick ann")
	bob.send("/nick bob")
	ann.wait("ann's nick", "you are now ann")
	bob.wait("bob's nick", "you are now bob")
	ann.send("/join " + room)
	bob.send("/join " + room)
	ann.wait("ann joined", "joined #"+room)
	bob.wait("bob joined", "joined #"+room)

	ann.send("hello from telnet")
	ann.wait("ann's own message", "ann: hello from telnet")
	if code, _ := l.post(room, "carol", "hi from http"); code != http.StatusCreated {
		t.Fatalf("POST: %d", code)
	}
	if err := nc.Publish("chat."+room, []byte(`{"nick":"dave","text":"hi from nats"}`)); err != nil {
		t.Fatal(err)
	}
	want := []string{"ann: hello from telnet", "carol: hi from http (via http)", "dave: hi from nats (via nats)"}
	for _, c := range []*telnetClient{ann, bob} {
		for _, w := range want {
			c.wait("delivery", w)
		}
	}
	time.Sleep(500 * time.Millisecond) // room for duplicates to show up
	for name, c := range map[string]*telnetClient{"ann": ann, "bob": bob} {
		for _, w := range want {
			if n := c.count(w); n != 1 {
				t.Errorf("%s received %q %d times, want once:\n%s", name, w, n, c.transcript())
			}
		}
	}
	natsMu.Lock()
	gotNATS := append([]chatapi.Message(nil), fromNATS...)
	natsMu.Unlock()
	channels := map[string]int{}
	for _, m := range gotNATS {
		channels[m.Channel]++
	}
	if len(gotNATS) != 3 || channels["telnet"] != 1 || channels["http"] != 1 || channels["nats"] != 1 {
		t.Errorf("NATS subscriber got %+v, want each message once", gotNATS)
	}
	hist := l.history(room)
	if len(hist) != 3 || hist[0].Channel != "telnet" || hist[1].Channel != "http" || hist[2].Channel != "nats" {
		t.Fatalf("history %+v", hist)
	}

	// Bad input gets a clear answer and breaks nothing.
	resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/rooms/%s/messages", l.http, room), "application/json", strings.NewReader(`{"nick":`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"error"`) {
		t.Errorf("malformed JSON: %d %s", resp.StatusCode, body)
	}
	if code, _ := l.post(room, "carol", strings.Repeat("x", chatapi.MaxText+1)); code != http.StatusBadRequest {
		t.Errorf("oversized message: %d", code)
	}
	if resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/rooms/no-such-room/messages", l.http)); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown room: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	eve := l.dialTelnet()
	eve.wait("eve's welcome", "Welcome to Trellis chat")
	eve.send("/frobnicate")
	eve.wait("unknown command", "unknown command /frobnicate")
	if _, err := eve.conn.Write([]byte{0xff, 0xfb, 0x01, 0x00, 0x80, 0xfe, 'a', 0x1b, '[', '2', 'J', '\r', '\n'}); err != nil {
		t.Fatal(err)
	}
	if _, err := eve.conn.Write([]byte("half a line without its end")); err != nil {
		t.Fatal(err)
	}
	eve.conn.Close()
	ann.send("/who")
	ann.wait("who after garbage", "in #"+room)

	// Restart the messages actor: history lives in the key-value store, not in the actor.
	inv, err := l.trellis("get", "inventory", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	key := actorKey(t, inv, "chat-messages")
	if _, err := l.trellis("stop", "actor", key); err != nil {
		t.Fatal(err)
	}
	eventually(t, "messages restarted by the reconciler and serving", 60*time.Second, func() bool {
		code, _ := l.post(room, "carol", "after restart")
		return code == http.StatusCreated
	})
	if hist := l.history(room); len(hist) != 4 || hist[0].Text != "hello from telnet" {
		t.Fatalf("history after restart: %+v", hist)
	}

	// Keep history in Redis instead: a redeploy, not a rebuild.
	if !redisUp() {
		if os.Getenv("TRELLIS_REQUIRE_SERVICES") == "1" {
			t.Fatal("Redis at 127.0.0.1:6379 is required (TRELLIS_REQUIRE_SERVICES=1) but unreachable")
		}
		t.Skip("Redis at 127.0.0.1:6379 is unreachable: the re-link to Redis is not tested")
	}
	redisRoom := room + "-r"
	defer cleanRedis(t, redisRoom)
	if _, err := l.trellis("app", "put", l.manifest("app-redis.yaml"), "--deploy"); err != nil {
		t.Fatal(err)
	}
	l.waitDeployed("v1-redis")
	eventually(t, "posting with history in Redis", 60*time.Second, func() bool {
		code, _ := l.post(redisRoom, "erin", "stored in redis")
		return code == http.StatusCreated
	})
	if hist := l.history(redisRoom); len(hist) != 1 || hist[0].Text != "stored in redis" || hist[0].Channel != "http" {
		t.Fatalf("history in Redis: %+v", hist)
	}
	if !redisHas("chat:history:" + redisRoom) {
		t.Fatal("the message is not in Redis")
	}
}

func actorKey(t *testing.T, inventoryJSON, name string) string {
	t.Helper()
	var invs []struct {
		Actors []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"actors"`
	}
	if err := json.Unmarshal([]byte(inventoryJSON), &invs); err != nil {
		t.Fatalf("inventory: %v\n%s", err, inventoryJSON)
	}
	for _, inv := range invs {
		for _, a := range inv.Actors {
			if a.Name == name {
				return a.ID
			}
		}
	}
	t.Fatalf("no actor %s in the inventory:\n%s", name, inventoryJSON)
	return ""
}

// redisUp, redisHas and cleanRedis talk RESP to the local Redis directly (a test has no need
// for a client library for three commands).
func redisCmd(args ...string) (string, error) {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:6379", time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := io.WriteString(conn, b.String()); err != nil {
		return "", err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	return strings.TrimSpace(line), err
}

func redisUp() bool { r, err := redisCmd("PING"); return err == nil && r == "+PONG" }

func redisHas(key string) bool { r, _ := redisCmd("EXISTS", key); return r == ":1" }

func cleanRedis(t *testing.T, room string) {
	for _, k := range []string{"chat:history:" + room, "chat:seq:" + room, "chat:members:" + room} {
		_, _ = redisCmd("DEL", k)
	}
	_, _ = redisCmd("SREM", "chat:rooms", room)
}

var _ = context.Background

// TestChatTwoHostsKill runs the chat on two hosts: the backend and the NATS channel run on both
// (daemonscaler), so NATS requests to chat.<room> are served by either host through the
// messaging provider's queue group. One host is killed (SIGKILL) while requests flow: every
// message whose request was answered is in the history exactly once.
func TestChatTwoHostsKill(t *testing.T) {
	l := newLattice(t)
	manifest := l.manifest("app.yaml")
	l.up("--nats-listen", "127.0.0.1:"+strconv.Itoa(l.natsPort), "--data-dir", filepath.Join(l.dir, "data"), "--label", "zone=a", "--manifest", manifest)
	l.waitDeployed("v1")
	b := l.up("--nats-url", l.natsURL, "--label", "zone=b")
	eventually(t, "the backend on the second host", 60*time.Second, func() bool {
		out, err := l.trellis("get", "inventory", "-o", "json")
		return err == nil && strings.Count(out, `"name": "chat-messages"`) == 2 && strings.Count(out, `"name": "chat-channel-nats"`) == 2
	})
	l.waitDeployed("v1")

	nc, err := nats.Connect(l.natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	room := fmt.Sprintf("kill-%d", time.Now().UnixNano()%1e9)
	const total = 150
	var (
		mu       sync.Mutex
		accepted = map[string]bool{} // texts whose request was answered with a stored message
		sent     int
		wg       sync.WaitGroup
	)
	next := make(chan int)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				text := fmt.Sprintf("m%03d", i)
				reply, err := nc.Request("chat."+room, []byte(`{"nick":"load","text":"`+text+`"}`), 3*time.Second)
				if err != nil {
					continue
				}
				var m chatapi.Message
				if json.Unmarshal(reply.Data, &m) == nil && m.ID != "" && m.Text == text {
					mu.Lock()
					accepted[text] = true
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < total; i++ {
		if i == total/3 {
			_ = b.cmd.Process.Kill() // no goodbye
		}
		next <- i
		sent++
		time.Sleep(10 * time.Millisecond)
	}
	close(next)
	wg.Wait()
	hist := l.history(room)
	seen := map[string]int{}
	for _, m := range hist {
		seen[m.Text]++
	}
	lost := 0
	for text := range accepted {
		if seen[text] != 1 {
			lost++
			t.Errorf("accepted message %s is in the history %d times", text, seen[text])
		}
	}
	t.Logf("%d sent, %d accepted, %d in the history, %d accepted ones lost", sent, len(accepted), len(hist), lost)
	if len(accepted) < total/2 {
		t.Errorf("only %d of %d requests were answered", len(accepted), total)
	}
}

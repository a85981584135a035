package host

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/par"
	"github.com/trellis-lattice/trellis/internal/provtest"
)

var memkvBuild struct {
	once sync.Once
	bin  []byte
	err  error
}

// memkvBinary builds internal/provtest/memkv once per test run.
func memkvBinary(t *testing.T) []byte {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a provider executable")
	}
	memkvBuild.once.Do(func() {
		path := filepath.Join(testDir, "memkv")
		out, err := exec.Command("go", "build", "-o", path, "../provtest/memkv").CombinedOutput()
		if err != nil {
			memkvBuild.err = errors.New("build memkv: " + err.Error() + "\n" + string(out))
			return
		}
		memkvBuild.bin, memkvBuild.err = os.ReadFile(path)
	})
	if memkvBuild.err != nil {
		t.Fatal(memkvBuild.err)
	}
	return memkvBuild.bin
}

// memkvArchive writes a signed archive of memkv with binaries for targets (this host's when
// none) and returns its file:// reference and provider key.
func memkvArchive(t *testing.T, targets ...string) (ref, key string, data []byte) {
	t.Helper()
	bin := memkvBinary(t)
	if len(targets) == 0 {
		targets = []string{par.HostTarget()}
	}
	bins := map[string][]byte{}
	for _, target := range targets {
		bins[target] = bin
	}
	subject, err := claims.NewKeyPair(claims.PrefixProvider)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := par.Create(&buf, bins, claims.ProviderClaims{Name: "memkv-test", CapID: keyvalue.ContractID, Vendor: "Trellis tests", Ver: "0.1.0", Rev: 2}, testIssuer, subject.PublicKey(), true); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "memkv.par.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + path, subject.PublicKey(), buf.Bytes()
}

func readPID(t *testing.T, path string) int {
	t.Helper()
	var pid int
	eventually(t, "the provider's pid file", func() bool {
		b, err := os.ReadFile(path)
		if err != nil {
			return false
		}
		pid, err = strconv.Atoi(string(b))
		return err == nil
	})
	return pid
}

func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

func eventData[T any](ev ctl.Event) T {
	var v T
	_ = ev.DecodeData(&v)
	return v
}

// TestProviderProcessFromArchive launches a signed provider archive as a child process through
// the control interface, counts through it from kvcounter, kills the process (the host restarts
// it and announces it), turns its health off and on, and stops it.
func TestProviderProcessFromArchive(t *testing.T) {
	ref, key, _ := memkvArchive(t)
	l := newTestLattice(t)
	events := l.events(lattice.EventSubject(l.name))
	h := l.host(nil, func(c *Config) {
		c.ProviderHealthInterval = 100 * time.Millisecond
		c.ProviderRestartBackoff = 50 * time.Millisecond
	})
	c := l.client()
	dir := t.TempDir()
	cfg, _ := json.Marshal(provtest.Config{PIDFile: filepath.Join(dir, "pid"), UnhealthyFile: filepath.Join(dir, "down")})
	if _, err := c.StartProvider(t.Context(), h.ID(), ctl.StartProviderCommand{ProviderRef: ref, Configuration: string(cfg)}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "provider_started and health_check_passed", func() bool {
		return events.count(func(ev ctl.Event) bool { return ev.Type == ctl.EventProviderStarted }) == 1 &&
			events.count(func(ev ctl.Event) bool { return ev.Type == ctl.EventHealthCheckPassed }) == 1
	})
	inv, err := c.Inventory(t.Context(), h.ID())
	if err != nil || len(inv.Providers) != 1 || inv.Providers[0].ID != key || inv.Providers[0].Name != "memkv-test" || inv.Providers[0].Revision != 2 {
		t.Fatalf("inventory %+v, %v", inv.Providers, err)
	}
	all, err := c.Claims(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, cl := range all {
		found = found || (cl.Subject == key && cl.Issuer == testIssuer.PublicKey() && cl.Name == "memkv-test" && cl.ContractID == keyvalue.ContractID && cl.Revision == "2")
	}
	if !found {
		t.Fatalf("get claims lacks the archive's claims: %+v", all)
	}

	if err := h.StartActor(t.Context(), actorRefs["kvcounter"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	link := ctl.LinkDefinition{ActorID: actorKeys["kvcounter"], ProviderID: key, ContractID: keyvalue.ContractID, LinkName: "default"}
	if _, err := c.PutLink(t.Context(), ctl.PutLinkCommand{LinkDefinition: link}); err != nil {
		t.Fatal(err)
	}
	count := func() string {
		out, err := h.Call(t.Context(), actorKeys["kvcounter"], "HttpServer.HandleRequest", httpReq("/hits"))
		if err != nil {
			return err.Error()
		}
		r := decodeHTTP(t, out)
		return strconv.Itoa(int(r.StatusCode)) + " " + string(r.Body)
	}
	eventually(t, "kvcounter to count through the provider process", func() bool { return count() == `200 {"counter":1}` })

	// A crash: the supervisor restarts the process and says so.
	pid := readPID(t, filepath.Join(dir, "pid"))
	os.Remove(filepath.Join(dir, "pid"))
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	eventually(t, "provider_stopped for the crash", func() bool {
		return events.count(func(ev ctl.Event) bool {
			return ev.Type == ctl.EventProviderStopped &&
				strings.HasPrefix(eventData[ctl.ProviderStopped](ev).Reason, "exited unexpectedly (signal: killed); restart 1 in 50ms")
		}) == 1
	})
	eventually(t, "the restarted provider announced", func() bool {
		return events.count(func(ev ctl.Event) bool { return ev.Type == ctl.EventProviderStarted }) == 2
	})
	if newPID := readPID(t, filepath.Join(dir, "pid")); newPID == pid {
		t.Fatal("same pid after restart")
	}
	eventually(t, "kvcounter to count through the restarted process", func() bool { return count() == `200 {"counter":1}` })

	// Health follows the backend.
	if err := os.WriteFile(filepath.Join(dir, "down"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "health_check_failed with the provider's reason", func() bool {
		return events.count(func(ev ctl.Event) bool {
			hc := eventData[ctl.HealthCheck](ev)
			return ev.Type == ctl.EventHealthCheckFailed && !hc.Healthy && strings.Contains(hc.Message, "backend unavailable")
		}) == 1
	})
	os.Remove(filepath.Join(dir, "down"))
	eventually(t, "health_check_passed again", func() bool {
		return events.count(func(ev ctl.Event) bool { return ev.Type == ctl.EventHealthCheckPassed }) == 3
	})

	// A requested stop ends the process.
	pid = readPID(t, filepath.Join(dir, "pid"))
	if _, err := c.StopProvider(t.Context(), h.ID(), ctl.StopProviderCommand{ProviderRef: key}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "provider_stopped (normal)", func() bool {
		return events.count(func(ev ctl.Event) bool {
			return ev.Type == ctl.EventProviderStopped && eventData[ctl.ProviderStopped](ev).Reason == "normal"
		}) == 1
	})
	eventually(t, "the process to exit", func() bool { return processGone(pid) })
}

// TestProviderProcessBadInput starts providers that cannot run: each fails with a message that
// says why, and the host keeps serving.
func TestProviderProcessBadInput(t *testing.T) {
	ref, _, data := memkvArchive(t)
	dir := t.TempDir()
	// An uncompressed copy of the archive with a byte of the binary flipped.
	plain := filepath.Join(dir, "tampered.par")
	{
		a, err := par.Read(data, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		bin, _ := a.Binary(par.HostTarget())
		var buf bytes.Buffer
		if _, err := par.Create(&buf, map[string][]byte{par.HostTarget(): bin}, a.Provider.ProviderClaims, testIssuer, a.Provider.Subject, false); err != nil {
			t.Fatal(err)
		}
		tampered := buf.Bytes()
		i := bytes.Index(tampered, bin[:64])
		tampered[i+100] ^= 0xff
		if err := os.WriteFile(plain, tampered, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	macRef, _, _ := memkvArchive(t, "aarch64-macos")
	exe := filepath.Join(testDir, "memkv")
	notExe := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notExe, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	exitCfg, _ := json.Marshal(provtest.Config{ExitAtStart: "cannot open database: boom"})

	l := newTestLattice(t)
	h := l.host(nil)
	noFiles := l.host(nil, func(c *Config) { c.AllowFileLoad = false })
	if err := h.StartActor(t.Context(), actorRefs["echo"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ref, config string
		host              *Host
		want              string
	}{
		{"tampered archive", "file://" + plain, "", h, "binary does not match its signed hash: claims say"},
		{"archive for another target", macRef, "", h, "cannot run on this host: provider "},
		{"exits at start", ref, string(exitCfg), h, "provider exited during start-up (exit status 3); its last output:\ncannot open database: boom"},
		{"bare executable without contract", "file://" + exe, "", h, "bare executable, so its contract is unknown"},
		{"neither archive nor executable", "file://" + notExe, "", h, "is neither a provider archive (.par, .par.gz) nor an executable file"},
		{"missing file", "file://" + filepath.Join(dir, "nope.par"), "", h, "no such file or directory"},
		{"file loading disabled", ref, "", noFiles, "loading actors from files is disabled on this host"},
		{"unknown name", "nosuchprovider", "", h, `unknown provider "nosuchprovider"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.host.StartProvider(t.Context(), tt.ref, "default", tt.config, nil, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
	if len(h.providerList()) != 0 {
		t.Fatalf("failed starts left providers behind: %d", len(h.providerList()))
	}
	if err := callEcho(t.Context(), h, "/still-serving"); err != nil {
		t.Fatalf("host stopped serving: %v", err)
	}
	// A bare executable runs when the reference names its contract.
	if err := h.StartProvider(t.Context(), "file://"+exe+"?contract=wasmcloud:keyvalue", "default", "", nil, ""); err != nil {
		t.Fatal(err)
	}
}

// TestHostStopEndsProviderProcesses checks that stopping the host stops its provider processes.
func TestHostStopEndsProviderProcesses(t *testing.T) {
	ref, _, _ := memkvArchive(t)
	l := newTestLattice(t)
	h := l.host(nil)
	pidFile := filepath.Join(t.TempDir(), "pid")
	cfg, _ := json.Marshal(provtest.Config{PIDFile: pidFile})
	for _, link := range []string{"a", "b"} {
		if err := h.StartProvider(t.Context(), ref, link, string(cfg), nil, ""); err != nil {
			t.Fatal(err)
		}
	}
	pid := readPID(t, pidFile)
	if err := h.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !processGone(pid) {
		t.Fatalf("provider process %d still runs after the host stopped", pid)
	}
}

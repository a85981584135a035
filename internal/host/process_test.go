package host

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
)

// TestKill9HostProcessUnderLoad runs two real `trellis up` processes in one lattice, both
// running echo, sends steady calls from a third host, and kills one process with SIGKILL: the
// calls keep succeeding on the survivor. It reports the failures and the error window.
func TestKill9HostProcessUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the trellis binary")
	}
	bin := filepath.Join(t.TempDir(), "trellis")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/trellis")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build trellis: %v\n%s", err, out)
	}
	l := newTestLattice(t)
	keys := t.TempDir()
	if err := os.WriteFile(filepath.Join(keys, l.name+"_cluster.nk"), []byte(l.cluster.Seed()), 0o600); err != nil {
		t.Fatal(err)
	}
	spawn := func() (*exec.Cmd, string) {
		t.Helper()
		cmd := exec.Command(bin, "up", "--nats-url", l.srv.ClientURL(), "--lattice", l.name)
		cmd.Env = append(os.Environ(), "TRELLIS_KEYS_DIR="+keys, "HOME="+t.TempDir())
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		ids := make(chan string, 1)
		go func() {
			re := regexp.MustCompile(`^Host (N[A-Z0-9]{55}) `)
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if m := re.FindStringSubmatch(sc.Text()); m != nil {
					ids <- m[1]
				}
			}
		}()
		select {
		case id := <-ids:
			return cmd, id
		case <-time.After(60 * time.Second):
			t.Fatal("trellis up did not start")
		}
		return nil, ""
	}
	procA, idA := spawn()
	_, idB := spawn()
	c := l.client()
	for _, id := range []string{idA, idB} {
		if _, err := c.StartActor(t.Context(), id, ctl.StartActorCommand{ActorRef: actorRefs["echo"], Count: 4}); err != nil {
			t.Fatal(err)
		}
	}
	caller := l.host(nil)
	eventually(t, "echo to run in both processes", func() bool {
		running := 0
		for _, id := range []string{idA, idB} {
			if inv, err := c.Inventory(t.Context(), id); err == nil && len(inv.Actors) == 1 {
				running++
			}
		}
		return running == 2
	})

	ld := startLoad(caller, 4, "/kill")
	eventually(t, "load to run", func() bool { return ld.ok.Load() > 50 })
	if err := procA.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killedAt := ld.ok.Load()
	eventually(t, "calls to keep succeeding on the surviving process", func() bool { return ld.ok.Load() > killedAt+200 })
	window := ld.stop()
	t.Logf("kill -9 under load: %d calls succeeded, %d failed, error window %s", ld.ok.Load(), ld.failed.Load(), window)
	if ld.failed.Load() > 8 {
		t.Errorf("%d calls failed; want only those in flight on the killed process (%s)", ld.failed.Load(), window)
	}
}

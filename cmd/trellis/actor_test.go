package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/ctltest"
)

// body decodes the body of the last command host received into v.
func lastBody(t *testing.T, h *ctltest.FakeHost, v any) {
	t.Helper()
	cmds := h.Commands()
	if len(cmds) == 0 {
		t.Fatalf("host %s received no command", h.ID)
	}
	if err := json.Unmarshal(cmds[len(cmds)-1].Body, v); err != nil {
		t.Fatal(err)
	}
}

func TestStartActor(t *testing.T) {
	h1, h2 := twoHosts()
	startLattice(t, h1, h2)
	const ref = "ghcr.io/acme/echo:0.2.0"

	// An auction limited to zone=eu can only pick quiet-river-12.
	r := trellis(t, "start", "actor", ref, "--constraint", "zone=eu", "--count", "3").mustSucceed(t)
	if want := "Host " + ctltest.Host1 + " is starting 3 instance(s) of " + ref + "\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
	var sa ctl.StartActorCommand
	lastBody(t, h1, &sa)
	if sa.ActorRef != ref || sa.Count != 3 || sa.HostID != ctltest.Host1 || sa.CorrelationID == "" {
		t.Errorf("host received %+v", sa)
	}

	// --host by friendly name, with --wait for the outcome, as JSON.
	r = trellis(t, "start", "actor", ref, "--host", "bold-lake-7", "--wait", "-o", "json").mustSucceed(t)
	var res startResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	lastBody(t, h2, &sa)
	if !res.Accepted || res.HostID != ctltest.Host2 || res.ActorRef != ref || res.Count != 1 ||
		res.PublicKey != ctltest.Echo || res.CorrelationID != sa.CorrelationID {
		t.Errorf("result %+v, host received %+v", res, sa)
	}

	r = trellis(t, "start", "actor", ref, "--wait").mustSucceed(t)
	if !strings.HasPrefix(r.stdout, "Started 1 instance(s) of "+ref+" ("+ctltest.Echo+") on host N") {
		t.Errorf("stdout = %q", r.stdout)
	}

	trellis(t, "start", "actor", ref, "--constraint", "zone=mars").mustFail(t, "no host in lattice default has the labels zone=mars (see 'trellis get hosts')")
	trellis(t, "start", "actor", ref, "--host", "nobody").mustFail(t, `no host matches "nobody"`)
	trellis(t, "start", "actor", ref, "--host", "N").mustFail(t, `host "N" is ambiguous`)
}

func TestStartActorRejected(t *testing.T) {
	startLattice(t, &ctltest.FakeHost{ID: ctltest.Host1, FriendlyName: "quiet-river-12",
		Reject: map[string]string{ctl.OpStartActor: "policy denied"}})
	trellis(t, "start", "actor", "ghcr.io/acme/echo:0.2.0").
		mustFail(t, "start actor ghcr.io/acme/echo:0.2.0 on host "+ctltest.Host1+": host refused wasmbus.ctl.default.cmd."+ctltest.Host1+".la: policy denied")
}

func TestScaleActor(t *testing.T) {
	h1, h2 := twoHosts()
	startLattice(t, h1, h2)
	const ref = "ghcr.io/acme/counter:0.1.0"

	// Counter runs on bold-lake-7 only.
	r := trellis(t, "scale", "actor", "counter", ref, "4").mustSucceed(t)
	if want := "Host bold-lake-7 (" + ctltest.Host2 + ") is scaling Counter (" + ctltest.Counter + ") to 4 instance(s)\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
	var sc ctl.ScaleActorCommand
	lastBody(t, h2, &sc)
	if sc.ActorID != ctltest.Counter || sc.ActorRef != ref || sc.Count != 4 {
		t.Errorf("host received %+v", sc)
	}

	// Echo runs on both: the host must be chosen.
	trellis(t, "scale", "actor", "acme/echo", ref, "1").mustFail(t, "runs on 2 hosts")
	trellis(t, "scale", "actor", "acme/echo", ref, "0", "--host", "quiet-river-12", "-o", "json").mustSucceed(t)
	lastBody(t, h1, &sc)
	if sc.ActorID != ctltest.Echo || sc.Count != 0 {
		t.Errorf("host received %+v", sc)
	}
	trellis(t, "scale", "actor", "counter", ref, "many").mustFail(t, `count "many": want a whole number`)
}

func TestStopActor(t *testing.T) {
	h1, h2 := twoHosts()
	h2.Reject = map[string]string{ctl.OpStopActor: "actor is busy"}
	startLattice(t, h1, h2)

	r := trellis(t, "stop", "actor", "MD3W")
	r.mustFail(t, "stop actor Echo ("+ctltest.Echo+") on host bold-lake-7 ("+ctltest.Host2+"): host refused")
	if want := "Host quiet-river-12 (" + ctltest.Host1 + ") stopped all instances of Echo (" + ctltest.Echo + ")\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}

	r = trellis(t, "stop", "actor", ctltest.Echo, "--host", ctltest.Host1[:6], "--count", "1", "-o", "json").mustSucceed(t)
	var res []ackResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || len(res) != 1 || !res[0].Accepted || res[0].HostID != ctltest.Host1 {
		t.Errorf("result %s (%v)", r.stdout, err)
	}
	var sa ctl.StopActorCommand
	lastBody(t, h1, &sa)
	if sa.ActorRef != ctltest.Echo || sa.Count != 1 {
		t.Errorf("host received %+v", sa)
	}
	if got := commandsOf(h1); !slices.Equal(got, []string{"sa", "sa"}) {
		t.Errorf("quiet-river-12 received %v", got)
	}
	trellis(t, "stop", "actor", "Redis KV").mustFail(t, `no actor matches "Redis KV"`)
	trellis(t, "stop", "actor", ctltest.Pinger).mustFail(t, "actor "+ctltest.Pinger+" does not run on any host of lattice default")
}

func TestUpdateActor(t *testing.T) {
	h1, h2 := twoHosts()
	startLattice(t, h1, h2)
	trellis(t, "update", "actor", "echo", "ghcr.io/acme/echo:0.3.0").mustFail(t, `actor "echo" is ambiguous: it matches Echo (`+ctltest.Pinger+`), Echo (`+ctltest.Echo+`)`)
	r := trellis(t, "update", "actor", "acme/echo", "ghcr.io/acme/echo:0.3.0").mustSucceed(t)
	for _, h := range []*ctltest.FakeHost{h1, h2} {
		var u ctl.UpdateActorCommand
		lastBody(t, h, &u)
		if u.ActorID != ctltest.Echo || u.NewActorRef != "ghcr.io/acme/echo:0.3.0" {
			t.Errorf("host %s received %+v", h.ID, u)
		}
	}
	if n := strings.Count(r.stdout, "updated Echo ("+ctltest.Echo+") to ghcr.io/acme/echo:0.3.0\n"); n != 2 {
		t.Errorf("stdout = %q", r.stdout)
	}
	trellis(t, "update", "actor", "counter", "x", "--host", "quiet-river-12").mustSucceed(t)
	if got := commandsOf(h1); !slices.Equal(got, []string{"upd", "upd"}) {
		t.Errorf("quiet-river-12 received %v", got)
	}
}

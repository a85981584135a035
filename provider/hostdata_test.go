package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/lattice"
)

func TestReadHostData(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, in, wantErr string
		check             func(*HostData) bool
	}{
		{name: "full line", in: b64(`{"host_id":"N1","lattice_rpc_prefix":"default","link_name":"l","lattice_rpc_tls":1,"env_values":{},"link_definitions":[{"actor_id":"M1","provider_id":"V1","link_name":"l","contract_id":"c","values":{"A":"b"},"id":"X"}],"cluster_issuers":["C1"],"js_domain":null,"structured_logging":true,"log_level":"debug","default_rpc_timeout_ms":2000}`) + "\n",
			check: func(hd *HostData) bool {
				return hd.HostID == "N1" && bool(hd.LatticeRPCTLS) && hd.LinkDefinitions[0].Values["A"] == "b" &&
					hd.JSDomain == nil && hd.StructuredLogging && hd.DefaultRPCTimeoutMS == 2000
			}},
		{name: "no newline, CRLF tolerated", in: b64(`{"lattice_rpc_tls":false}`) + "\r\n", check: func(hd *HostData) bool { return !bool(hd.LatticeRPCTLS) }},
		{name: "empty stdin", in: "", wantErr: "stdin ended before the host data line"},
		{name: "empty line", in: "\n", wantErr: "line on stdin is empty"},
		{name: "not base64", in: "{not base64}\n", wantErr: "not standard padded base64"},
		{name: "unpadded", in: strings.TrimRight(b64(`{"a":1}`), "=") + "\n", wantErr: "not standard padded base64"},
		{name: "not JSON", in: b64("hello") + "\n", wantErr: "decode host data JSON"},
		{name: "bad tls flag", in: b64(`{"lattice_rpc_tls":"yes"}`) + "\n", wantErr: "want a boolean or 0/1"},
		{name: "trailing data", in: b64(`{} {}`) + "\n", wantErr: "data after the object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hd, err := ReadHostData(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrInvalidHostData) {
					t.Fatalf("got %v, want an ErrInvalidHostData containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !tt.check(hd) {
				t.Fatalf("got %+v, %v", hd, err)
			}
		})
	}
}

func TestReadHostDataStopsAtLineEnd(t *testing.T) {
	hd := newHostData(t, "default")
	line, err := hd.Encode()
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(append(line, "rest"...))
	got, err := ReadHostData(r)
	if err != nil || got.ProviderKey != providerPK || got.EnvValues == nil || got.LinkDefinitions == nil {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if rest, _ := io.ReadAll(r); string(rest) != "rest" {
		t.Errorf("left %q on the reader, want %q", rest, "rest")
	}
	if !bytes.Contains(mustDecode(t, line), []byte(`"link_definitions":[]`)) {
		t.Errorf("Encode must always send link_definitions: %s", mustDecode(t, line))
	}
}

func mustDecode(t *testing.T, line []byte) []byte {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(line)))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestHostDataValidate(t *testing.T) {
	if err := newHostData(t, "default").Validate(); err != nil {
		t.Fatalf("valid host data: %v", err)
	}
	bad := &HostData{HostID: "MX", LatticeRPCPrefix: "a.b", ProviderKey: actorPK, InvocationSeed: "SCBAD", ClusterIssuers: []string{hostPK}}
	err := bad.Validate()
	for _, want := range []string{"host_id", "lattice_rpc_prefix", "link_name", "provider_key", "invocation_seed", "cluster_issuers[0]"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to name %s", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), clusterSeed) {
		t.Error("error leaks the seed")
	}
}

func TestRunMain(t *testing.T) {
	s := startNATS(t)
	hd := newHostData(t, latticeName(t))
	hd.LatticeRPCURL = strings.TrimPrefix(s.ClientURL(), "nats://")
	line, err := hd.Encode()
	if err != nil {
		t.Fatal(err)
	}
	nc := connect(t, s)
	p := &fakeProvider{}
	var out syncBuffer
	code := make(chan int, 1)
	// A host keeps stdin open; the provider stops on a shutdown request, or when stdin ends.
	subject := lattice.ProviderSubject(hd.LatticeRPCPrefix, providerPK, "default")
	for _, stop := range []string{"shutdown request", "stdin closed"} {
		stdinR, stdinW := io.Pipe()
		go func() { code <- runMain(t.Context(), stdinR, &out, p) }()
		if _, err := stdinW.Write(line); err != nil {
			t.Fatal(err)
		}
		eventually(t, "health answered", func() bool {
			_, err := nc.Request(subject+".health", nil, 100*time.Millisecond)
			return err == nil
		})
		if stop == "shutdown request" {
			if _, err := nc.Request(subject+".shutdown", nil, time.Second); err != nil {
				t.Fatal(err)
			}
		} else {
			stdinW.Close()
		}
		select {
		case c := <-code:
			if c != 0 {
				t.Errorf("exit code %d after %s, want 0; output:\n%s", c, stop, out.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("runMain did not return after %s", stop)
		}
		stdinW.Close()
	}

	out = syncBuffer{}
	if c := runMain(t.Context(), strings.NewReader(""), &out, p); c != 1 || !strings.Contains(out.String(), "stdin ended") {
		t.Errorf("no host data: exit %d, output %q", c, out.String())
	}
	hd.LatticeRPCURL = "127.0.0.1:1"
	line, _ = hd.Encode()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	out = syncBuffer{}
	if c := runMain(ctx, bytes.NewReader(line), &out, p); c != 1 || !strings.Contains(out.String(), "cannot connect") {
		t.Errorf("unreachable NATS: exit %d, output %q", c, out.String())
	}
}

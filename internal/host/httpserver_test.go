package host

import (
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	httpprov "github.com/trellis-lattice/trellis/providers/httpserver"
)

// TestHTTPRequestReachesEcho serves the echo actor over HTTP through the built-in httpserver
// provider: curl → provider → host → actor and back.
func TestHTTPRequestReachesEcho(t *testing.T) {
	builtins := map[string]Builtin{"httpserver": {Name: "httpserver", Contract: httpserver.ContractID, Vendor: "Trellis",
		New: func(log *slog.Logger) provider.Provider { return httpprov.New(log) }}}
	l := newTestLattice(t)
	h := l.host(nil, func(c *Config) { c.Builtins = builtins })
	c := l.client()
	if err := h.StartActor(t.Context(), actorRefs["echo"], 2, nil, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StartProvider(t.Context(), h.ID(), ctl.StartProviderCommand{ProviderRef: "httpserver"}); err != nil {
		t.Fatal(err)
	}
	key, _ := builtinKey("httpserver")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	link := ctl.LinkDefinition{ActorID: actorKeys["echo"], ProviderID: key.PublicKey(), ContractID: httpserver.ContractID,
		LinkName: "default", Values: map[string]string{"PORT": strconv.Itoa(port)}}
	if _, err := c.PutLink(t.Context(), ctl.PutLinkCommand{LinkDefinition: link}); err != nil {
		t.Fatal(err)
	}
	url := "http://127.0.0.1:" + strconv.Itoa(port) + "/hello/world?x=1"
	var body []byte
	eventually(t, "the HTTP listener to answer", func() bool {
		resp, err := http.Post(url, "text/plain", strings.NewReader("hi"))
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ = io.ReadAll(resp.Body)
		return resp.StatusCode == 200
	})
	var got struct {
		Method, Path string
		Query        string `json:"query_string"`
		Body         []int
	}
	if err := json.Unmarshal(body, &got); err != nil || got.Method != "POST" || got.Path != "/hello/world" || got.Query != "x=1" || len(got.Body) != 2 {
		t.Fatalf("echo over HTTP = %s (%v)", body, err)
	}
}

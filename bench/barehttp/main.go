// Command barehttp is the baseline of the provider benchmarks (bench/providers.sh): a bare
// net/http server whose handler answers every request exactly as the echo actor
// (examples/echo) does behind the httpserver provider — status 200, no headers of its own, and
// a JSON description of the request with the body as an array of byte values:
//
//	{"body":[],"method":"GET","path":"/bench","query_string":""}
//
// It does the same work natively that echo does in wasm (encoding/json with HTML escaping off,
// trailing newline trimmed), so the comparison isolates the cost of the provider, the lattice
// hop and the wasm actor.
//
// Usage:
//
//	go run ./bench/barehttp -addr 127.0.0.1:8088
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
)

// echoed is the reply; field order matches examples/echo.
type echoed struct {
	Body        []int  `json:"body"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	QueryString string `json:"query_string"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8088", "listen on HOST:PORT")
	flag.Parse()
	log.Printf("barehttp listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(handle)))
}

// handle answers like the echo actor behind the httpserver provider.
func handle(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	path := r.URL.EscapedPath()
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	e := echoed{Body: make([]int, len(body)), Method: strings.ToUpper(r.Method), Path: path, QueryString: r.URL.RawQuery}
	for i, b := range body {
		e.Body[i] = int(b)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

package httpclient_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/httpclient"
	"github.com/trellis-lattice/trellis/ctl"
	httpclientprov "github.com/trellis-lattice/trellis/providers/httpclient"
)

const actorPK = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"

func link(values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actorPK, ProviderID: "VPROVIDER", LinkName: "default",
		ContractID: httpclient.ContractID, Values: values}
}

// linked returns a provider with actorPK linked with values.
func linked(t *testing.T, values map[string]string) *httpclientprov.Provider {
	t.Helper()
	p := httpclientprov.New(nil)
	if err := p.PutLink(t.Context(), link(values)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Shutdown(t.Context()) })
	return p
}

// request calls HttpClient.Request on p as actorPK would.
func request(t *testing.T, p *httpclientprov.Provider, req *httpclient.Request) (*httpclient.Response, error) {
	t.Helper()
	out, err := p.Handle(t.Context(), actorPK, link(nil), httpclient.OpRequest, req.AppendMsg(nil))
	if err != nil {
		return nil, err
	}
	var resp httpclient.Response
	if err := resp.UnmarshalMsg(out); err != nil {
		t.Fatal(err)
	}
	return &resp, nil
}

// echo answers with status 201, a multi-valued header and the request as text.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Add("X-Multi", "a")
	w.Header().Add("X-Multi", "b")
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, "%s %s host=%s custom=%s len=%d body=%s", r.Method, r.URL.RequestURI(), r.Host,
		strings.Join(r.Header.Values("X-Custom"), ","), r.ContentLength, body)
}

func TestRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	p := linked(t, nil)
	tests := []struct {
		name string
		req  httpclient.Request
		want string
	}{
		{"GET", httpclient.Request{Method: "GET", URL: srv.URL + "/a?b=c", Headers: httpclient.Header{"x-custom": {"1", "2"}}},
			"GET /a?b=c host=" + strings.TrimPrefix(srv.URL, "http://") + " custom=1,2 len=0 body="},
		{"POST with body and host", httpclient.Request{Method: "POST", URL: srv.URL + "/p", Body: []byte("hello"),
			Headers: httpclient.Header{"Host": {"example.test"}, "Content-Length": {"999"}}},
			"POST /p host=example.test custom= len=5 body=hello"},
		{"custom method", httpclient.Request{Method: "PURGE", URL: srv.URL}, "PURGE / host=" + strings.TrimPrefix(srv.URL, "http://") + " custom= len=0 body="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := request(t, p, &tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 201 || string(resp.Body) != tt.want {
				t.Errorf("got %d %q, want 201 %q", resp.StatusCode, resp.Body, tt.want)
			}
			if got := resp.Header["x-multi"]; !reflect.DeepEqual(got, []string{"a", "b"}) {
				t.Errorf("x-multi = %q", got)
			}
			for k := range resp.Header {
				if k != strings.ToLower(k) {
					t.Errorf("header key %q not lowercase", k)
				}
			}
		})
	}
}

func TestStatusCodes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		w.WriteHeader(code)
		fmt.Fprint(w, "status ", code)
	}))
	defer srv.Close()
	p := linked(t, nil)
	for _, code := range []int{200, 204, 404, 500, 503} {
		resp, err := request(t, p, &httpclient.Request{Method: "GET", URL: srv.URL + "/" + strconv.Itoa(code)})
		if err != nil {
			t.Fatal(err)
		}
		want := "status " + strconv.Itoa(code)
		if code == 204 {
			want = ""
		}
		if int(resp.StatusCode) != code || string(resp.Body) != want {
			t.Errorf("got %d %q, want %d %q", resp.StatusCode, resp.Body, code, want)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if r.URL.Query().Has("chunked") {
			w.(http.Flusher).Flush() // no Content-Length
		}
		_, _ = w.Write([]byte(strings.Repeat("x", n)))
	}))
	defer srv.Close()
	p := linked(t, map[string]string{"max_response_body": "1024"})
	for _, tc := range []struct {
		query string
		ok    bool
	}{{"n=1024", true}, {"n=1025", false}, {"n=1024&chunked", true}, {"n=5000&chunked", false}} {
		resp, err := request(t, p, &httpclient.Request{Method: "GET", URL: srv.URL + "/?" + tc.query})
		switch {
		case tc.ok && (err != nil || len(resp.Body) != 1024):
			t.Errorf("%s: %v", tc.query, err)
		case !tc.ok && (err == nil || !strings.Contains(err.Error(), "response body exceeds max_response_body of 1024 bytes")):
			t.Errorf("%s: err = %v", tc.query, err)
		}
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	p := linked(t, map[string]string{"timeout": "100ms"})
	start := time.Now()
	_, err := request(t, p, &httpclient.Request{Method: "GET", URL: srv.URL + "/slow"})
	if err == nil || !strings.Contains(err.Error(), "http request GET "+srv.URL+"/slow: no response within the link's timeout of 100ms") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if n > 0 {
			http.Redirect(w, r, "/"+strconv.Itoa(n-1), http.StatusFound)
			return
		}
		fmt.Fprint(w, "arrived")
	}))
	defer srv.Close()
	follow := linked(t, nil)
	resp, err := request(t, follow, &httpclient.Request{Method: "GET", URL: srv.URL + "/10"})
	if err != nil || resp.StatusCode != 200 || string(resp.Body) != "arrived" {
		t.Errorf("10 redirects: %v %v", resp, err)
	}
	_, err = request(t, follow, &httpclient.Request{Method: "GET", URL: srv.URL + "/11"})
	if err == nil || err.Error() != "http request GET "+srv.URL+"/11: stopped after 10 redirects" {
		t.Errorf("11 redirects: err = %v", err)
	}
	noFollow := linked(t, map[string]string{"FOLLOW_REDIRECTS": "false"})
	resp, err = request(t, noFollow, &httpclient.Request{Method: "GET", URL: srv.URL + "/3"})
	if err != nil || resp.StatusCode != 302 || resp.Header.Get("location") != "/2" {
		t.Errorf("not following: %+v %v", resp, err)
	}
}

func TestRequestErrors(t *testing.T) {
	p := linked(t, nil)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	tests := []struct {
		name string
		req  httpclient.Request
		want string
	}{
		{"empty method", httpclient.Request{URL: "http://x/"}, "http request: method is empty"},
		{"bad method", httpclient.Request{Method: "GE T", URL: "http://x/"}, `http request: invalid method "GE T": not an HTTP token`},
		{"relative URL", httpclient.Request{Method: "GET", URL: "/path"}, `http request: invalid URL "/path": not absolute: want http:// or https://`},
		{"ftp", httpclient.Request{Method: "GET", URL: "ftp://x/f"}, `http request: invalid URL "ftp://x/f": scheme "ftp" is not http or https`},
		{"no host", httpclient.Request{Method: "GET", URL: "http:///x"}, `http request: invalid URL "http:///x": no host`},
		{"unparsable", httpclient.Request{Method: "GET", URL: "http://[::1"}, `http request: invalid URL "http://[::1": missing ']' in host`},
		{"password redacted", httpclient.Request{Method: "GET", URL: "gopher://u:secret@x/"}, `invalid URL "gopher://u:xxxxx@x/"`},
		{"connection refused", httpclient.Request{Method: "DELETE", URL: closedURL + "/gone"}, "http request DELETE " + closedURL + "/gone: dial tcp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := request(t, p, &tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	_, err := p.Handle(t.Context(), actorPK, link(nil), "HttpClient.Nope", nil)
	if err == nil || !strings.Contains(err.Error(), "no operation HttpClient.Nope") {
		t.Errorf("unknown operation: %v", err)
	}
	_, err = p.Handle(t.Context(), actorPK, link(nil), httpclient.OpRequest, []byte{0xc3})
	if err == nil || !strings.Contains(err.Error(), "decode httpclient.Request") {
		t.Errorf("bad payload: %v", err)
	}
}

func TestLinkErrors(t *testing.T) {
	p := httpclientprov.New(nil)
	tests := []struct {
		values map[string]string
		want   string
	}{
		{map[string]string{"timeout": "soon"}, `invalid timeout "soon"`},
		{map[string]string{"timeout": "-1s"}, `invalid timeout "-1s"`},
		{map[string]string{"max_response_body": "0"}, `invalid max_response_body "0"`},
		{map[string]string{"follow_redirects": "maybe"}, `invalid follow_redirects "maybe": want true or false`},
	}
	for _, tt := range tests {
		err := p.PutLink(t.Context(), link(tt.values))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), actorPK+" (link default)") {
			t.Errorf("%v: err = %v, want it to contain %q", tt.values, err, tt.want)
		}
	}
}

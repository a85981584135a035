package httpclient_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/httpclient"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func TestRequest(t *testing.T) {
	req := &httpclient.Request{
		Method:  "GET",
		URL:     "https://example.com/",
		Headers: httpclient.Header{"accept": {"*/*"}},
	}
	want := codectest.Hex(t, `84 a6 "method" a3 "GET" a3 "url" b4 "https://example.com/"
		a7 "headers" 81 a6 "accept" 91 a3 "*/*" a4 "body" c4 00`)
	if got := codectest.RoundTrip(t, req); !bytes.Equal(got, want) {
		t.Fatalf("AppendMsg = %x\nwant %x", got, want)
	}
	if got := (&httpclient.Request{}).AppendMsg(nil); !bytes.Contains(got, codectest.Hex(t, `a7 "headers" 80`)) {
		t.Fatalf("nil Headers not written as {}: %x", got)
	}
}

func TestResponse(t *testing.T) {
	resp := &httpclient.Response{StatusCode: 200, Header: httpclient.Header{"Content-Type": {"text/plain"}}, Body: []byte("ok")}
	want := codectest.Hex(t, `83 aa "statusCode" cc c8 a6 "header" 81 ac "Content-Type" 91 aa "text/plain" a4 "body" c4 02 "ok"`)
	if got := codectest.RoundTrip(t, resp); !bytes.Equal(got, want) {
		t.Fatalf("AppendMsg = %x\nwant %x", got, want)
	}
	if got := resp.Header.Get("content-type"); got != "text/plain" {
		t.Fatalf("Header.Get = %q", got)
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		msg  interface{ UnmarshalMsg([]byte) error }
		want any
	}{
		{
			name: "request header spelled as in the response is ignored",
			in:   `82 a3 "url" a1 "u" a6 "header" 81 a1 "a" 91 a1 "b"`,
			msg:  &httpclient.Request{}, want: &httpclient.Request{URL: "u", Headers: httpclient.Header{}},
		},
		{
			name: "response headers spelled as in the request is ignored",
			in:   `82 a7 "headers" 81 a1 "a" 91 a1 "b" aa "statusCode" cd 01 f4`,
			msg:  &httpclient.Response{}, want: &httpclient.Response{StatusCode: 500, Header: httpclient.Header{}},
		},
		{
			name: "response other order, body as str",
			in:   `83 a4 "body" a2 "ok" a6 "header" 80 aa "statusCode" d1 00 c8`,
			msg:  &httpclient.Response{}, want: &httpclient.Response{StatusCode: 200, Header: httpclient.Header{}, Body: []byte("ok")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.msg.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tt.msg, tt.want) {
				t.Fatalf("got %+v, want %+v", tt.msg, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	var req httpclient.Request
	err := req.UnmarshalMsg(codectest.Hex(t, `81 a7 "headers" 81 a1 "a" 91 02`))
	if want := `decode httpclient.Request field "headers": value of "a": list element 0: found int, want str`; err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	var resp httpclient.Response
	err = resp.UnmarshalMsg(codectest.Hex(t, `81 aa "statusCode" cb 40 69 00 00 00 00 00 00`))
	if want := `decode httpclient.Response field "statusCode": found float64, want u16`; err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

func FuzzRequest(f *testing.F) {
	codectest.Fuzz[httpclient.Request](f, (&httpclient.Request{Method: "GET", URL: "u", Headers: httpclient.Header{"a": {"b"}}, Body: []byte("x")}).AppendMsg(nil))
}

func FuzzResponse(f *testing.F) {
	codectest.Fuzz[httpclient.Response](f, codectest.Hex(f, `83 a4 "body" a2 "ok" a6 "header" 80 aa "statusCode" d1 00 c8`))
}

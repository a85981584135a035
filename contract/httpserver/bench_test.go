package httpserver_test

import (
	"testing"

	"github.com/trellis-lattice/trellis/contract/httpserver"
)

// benchRequest is a typical POST with a 1 KiB body and a few headers.
func benchRequest() *httpserver.Request {
	return &httpserver.Request{
		Method:      "POST",
		Path:        "/api/items",
		QueryString: "page=2&size=20",
		Header: httpserver.Header{
			"accept":         {"application/json"},
			"content-type":   {"application/octet-stream"},
			"content-length": {"1024"},
			"user-agent":     {"bench/1.0"},
		},
		Body: make([]byte, 1024),
	}
}

func BenchmarkRequestAppendMsg(b *testing.B) {
	r := benchRequest()
	b.ReportAllocs()
	for b.Loop() {
		_ = r.AppendMsg(nil)
	}
}

// BenchmarkRequestAppendMsgReuse is the baseline for AppendMsg: the same
// encoding into a reused buffer, without the one allocation of the output.
func BenchmarkRequestAppendMsgReuse(b *testing.B) {
	r := benchRequest()
	buf := r.AppendMsg(nil)
	b.ReportAllocs()
	for b.Loop() {
		buf = r.AppendMsg(buf[:0])
	}
}

func BenchmarkRequestUnmarshalMsg(b *testing.B) {
	payload := benchRequest().AppendMsg(nil)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		var r httpserver.Request
		if err := r.UnmarshalMsg(payload); err != nil {
			b.Fatal(err)
		}
	}
}

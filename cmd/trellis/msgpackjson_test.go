package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/httpserver"
)

func TestJSONToMsgpack(t *testing.T) {
	tests := []struct {
		json, hex string
	}{
		{`null`, "c0"},
		{`true`, "c3"},
		{`0`, "00"},
		{`127`, "7f"},
		{`128`, "cc80"},
		{`65536`, "ce00010000"},
		{`-1`, "ff"},
		{`-33`, "d0df"},
		{`-129`, "d1ff7f"},
		{`18446744073709551615`, "cfffffffffffffffff"},
		{`1.5`, "cb3ff8000000000000"},
		{`1e3`, "cb408f400000000000"},
		{`"hi"`, "a26869"},
		{`[1,"a",[]]`, "9301a16190"},
		{`{"b":1,"a":{"x":null}}`, "82a16201a16181a178c0"},
	}
	for _, tt := range tests {
		got, err := jsonToMsgpack([]byte(tt.json))
		if err != nil || hex.EncodeToString(got) != tt.hex {
			t.Errorf("jsonToMsgpack(%s) = %x, %v; want %s", tt.json, got, err, tt.hex)
		}
	}
	for _, bad := range []string{``, `{`, `[1,]`, `1 2`, `{"a":}`} {
		if _, err := jsonToMsgpack([]byte(bad)); err == nil {
			t.Errorf("jsonToMsgpack(%q) succeeded", bad)
		}
	}
}

func TestMsgpackToJSON(t *testing.T) {
	tests := []struct {
		hex, json string
	}{
		{"", `null`},
		{"c0", `null`},
		{"c2", `false`},
		{"e0", `-32`},
		{"d0df", `-33`},
		{"d1ff7f", `-129`},
		{"d2ffffffff", `-1`},
		{"d3ffffffffffffffff", `-1`},
		{"cd0100", `256`},
		{"cfffffffffffffffff", `18446744073709551615`},
		{"ca3fc00000", `1.5`},
		{"cb7ff8000000000001", `"NaN"`},
		{"a3616263", `"abc"`},
		{"c403616263", `"abc"`},       // bin holding text
		{"c402fffe", `"//4="`},        // bin that is not UTF-8
		{"d90568656c6c6f", `"hello"`}, // str8
		{"dc0002c0c3", `[null,true]`}, // array16
		{"8201a178c3c0", `{"1":"x","true":null}`},
		{"d40107", `"Bw=="`},     // fixext1
		{"c7020a0102", `"AQI="`}, // ext8
		{"81a474657874c40568656c6c6f", `{"text":"hello"}`},
	}
	for _, tt := range tests {
		in, _ := hex.DecodeString(tt.hex)
		got, err := msgpackToJSON(in)
		if err != nil || string(got) != tt.json {
			t.Errorf("msgpackToJSON(%s) = %s, %v; want %s", tt.hex, got, err, tt.json)
		}
	}
	for _, bad := range []string{"c1", "a3616263ff", "92c0", "c4ff", "dfffffffff", "c7ff01", "d5"} {
		in, _ := hex.DecodeString(bad)
		if got, err := msgpackToJSON(in); err == nil {
			t.Errorf("msgpackToJSON(%s) = %s, want an error", bad, got)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	const in = `{"name":"trellis","n":[0,-5,300,1.25,true,null],"nested":{"deep":{"x":"ü"}}}`
	mp, err := jsonToMsgpack([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := msgpackToJSON(mp)
	if err != nil || string(out) != in {
		t.Errorf("round trip = %s, %v", out, err)
	}
	deep := strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2)
	if _, err := jsonToMsgpack([]byte(deep)); err == nil {
		t.Error("jsonToMsgpack accepted nesting deeper than maxDepth")
	}
	if _, err := msgpackToJSON(bytes.Repeat([]byte{0x91}, maxDepth+2)); err == nil {
		t.Error("msgpackToJSON accepted nesting deeper than maxDepth")
	}
}

func TestHTTPCodec(t *testing.T) {
	payload, err := encodeCall(httpserver.OpHandleRequest, []byte(`{"method":"POST","path":"/echo","queryString":"a=1",
		"header":{"Content-Type":"text/plain","X-Many":["1","2"]},"body":"hello"}`))
	if err != nil {
		t.Fatal(err)
	}
	var req httpserver.Request
	if err := req.UnmarshalMsg(payload); err != nil {
		t.Fatal(err)
	}
	if req.Method != "POST" || req.Path != "/echo" || req.QueryString != "a=1" || string(req.Body) != "hello" ||
		req.Header.Get("content-type") != "text/plain" || len(req.Header.Values("x-many")) != 2 {
		t.Errorf("request = %+v", req)
	}
	// The body travels as bin.
	if !bytes.Contains(payload, []byte("\xa4body\xc4\x05hello")) {
		t.Errorf("body is not bin in %x", payload)
	}

	payload, err = encodeCall(httpserver.OpHandleRequest, nil)
	if err != nil || req.UnmarshalMsg(payload) != nil || req.Method != "GET" || req.Path != "/" {
		t.Errorf("default request = %+v, %v", req, err)
	}
	if _, err := encodeCall(httpserver.OpHandleRequest, []byte(`{"verb":"GET"}`)); err == nil ||
		!strings.Contains(err.Error(), `unknown field "verb"`) {
		t.Errorf("unknown field: %v", err)
	}

	tests := []struct {
		body []byte
		want string
	}{
		{[]byte("hi"), `{"statusCode":200,"header":{"content-type":["text/plain"]},"body":"hi"}`},
		{[]byte{0xff}, `{"statusCode":200,"header":{"content-type":["text/plain"]},"bodyBase64":"/w=="}`},
	}
	for _, tt := range tests {
		resp := httpserver.NewResponse(200, tt.body)
		resp.Header.Set("Content-Type", "text/plain")
		got, err := decodeReply(httpserver.OpHandleRequest, resp.AppendMsg(nil))
		if err != nil || string(got) != tt.want {
			t.Errorf("decodeReply = %s, %v; want %s", got, err, tt.want)
		}
	}

	// Unknown operations use the generic conversion.
	payload, err = encodeCall("Pingpong.Ping", []byte(`"ping"`))
	if err != nil || string(payload) != "\xa4ping" {
		t.Errorf("generic encode = %q, %v", payload, err)
	}
	if payload, err = encodeCall("Pingpong.Ping", []byte("  ")); err != nil || payload != nil {
		t.Errorf("empty data = %q, %v", payload, err)
	}
	var v any
	got, err := decodeReply("Pingpong.Ping", []byte("\xa4pong"))
	if err != nil || json.Unmarshal(got, &v) != nil || v != "pong" {
		t.Errorf("generic decode = %s, %v", got, err)
	}
}

func FuzzMsgpackToJSON(f *testing.F) {
	for _, seed := range []string{"", "c0", "82a16201a16181a178c0", "dc0002c0c3", "c7020a0102", "cb7ff8000000000001", "dfffffffff"} {
		b, _ := hex.DecodeString(seed)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := msgpackToJSON(b)
		if err == nil && !json.Valid(out) {
			t.Errorf("msgpackToJSON(%x) = %s, not valid JSON", b, out)
		}
	})
}

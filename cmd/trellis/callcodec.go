package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/trellis-lattice/trellis/contract/httpserver"
)

// callCodec converts the payloads of one known operation between JSON and its contract's
// MessagePack types.
type callCodec struct {
	encode func(data []byte) ([]byte, error)
	decode func(reply []byte) ([]byte, error)
}

// knownCodec returns the codec of a known operation.
func knownCodec(operation string) (callCodec, bool) {
	codecs := map[string]callCodec{
		httpserver.OpHandleRequest: {encode: encodeHTTPRequest, decode: decodeHTTPResponse},
	}
	c, ok := codecs[operation]
	return c, ok
}

// encodeCall converts the JSON data of a call to the payload of operation; empty data gives an
// empty payload (a default request for known operations).
func encodeCall(operation string, data []byte) ([]byte, error) {
	if c, ok := knownCodec(operation); ok {
		return c.encode(data)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	return jsonToMsgpack(data)
}

// decodeReply converts the reply payload of operation to JSON.
func decodeReply(operation string, reply []byte) ([]byte, error) {
	if c, ok := knownCodec(operation); ok {
		return c.decode(reply)
	}
	return msgpackToJSON(reply)
}

// headerValues is a header's values in JSON: a list of strings or a single string.
type headerValues []string

func (h *headerValues) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*h = headerValues{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(h))
}

// httpRequestJSON is the JSON form of an httpserver.Request, with the body as text.
type httpRequestJSON struct {
	Method      string                  `json:"method"`
	Path        string                  `json:"path"`
	QueryString string                  `json:"queryString"`
	Header      map[string]headerValues `json:"header"`
	Body        string                  `json:"body"`
}

// encodeHTTPRequest builds an HttpServer.HandleRequest payload; method and path default to
// GET and /.
func encodeHTTPRequest(data []byte) ([]byte, error) {
	var in httpRequestJSON
	if len(bytes.TrimSpace(data)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			return nil, fmt.Errorf("%s request: %w (want {method, path, queryString, header, body})", httpserver.OpHandleRequest, err)
		}
	}
	req := httpserver.Request{Method: cmpOr(in.Method, "GET"), Path: cmpOr(in.Path, "/"), QueryString: in.QueryString,
		Header: httpserver.Header{}, Body: []byte(in.Body)}
	for name, values := range in.Header {
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
	return req.AppendMsg(nil), nil
}

// httpResponseJSON is the JSON form of an httpserver.Response: the body as text when it is
// valid UTF-8, otherwise base64 in bodyBase64.
type httpResponseJSON struct {
	StatusCode uint16              `json:"statusCode"`
	Header     map[string][]string `json:"header"`
	Body       *string             `json:"body,omitempty"`
	BodyBase64 string              `json:"bodyBase64,omitempty"`
}

func decodeHTTPResponse(reply []byte) ([]byte, error) {
	var resp httpserver.Response
	if err := resp.UnmarshalMsg(reply); err != nil {
		return nil, fmt.Errorf("%s reply: %w", httpserver.OpHandleRequest, err)
	}
	out := httpResponseJSON{StatusCode: resp.StatusCode, Header: resp.Header}
	if utf8.Valid(resp.Body) {
		body := string(resp.Body)
		out.Body = &body
	} else {
		out.BodyBase64 = base64.StdEncoding.EncodeToString(resp.Body)
	}
	return json.Marshal(out)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

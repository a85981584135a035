package httpclient

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*Request)(nil)

// Request is the HttpRequest an actor asks the provider to send.
type Request struct {
	// Method is the HTTP method, e.g. "GET".
	Method string
	// URL is the absolute URL to request.
	URL string
	// Headers holds the request headers (wire key "headers").
	Headers Header
	// Body is the request body.
	Body []byte
}

// AppendMsg appends the msgpack encoding of r to b:
// {method, url, headers, body}. A nil Headers is written as an empty map.
func (r *Request) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 4)
	b = codec.AppendString(b, "method")
	b = codec.AppendString(b, r.Method)
	b = codec.AppendString(b, "url")
	b = codec.AppendString(b, r.URL)
	b = codec.AppendString(b, "headers")
	b = codec.AppendStringsMap(b, r.Headers)
	b = codec.AppendString(b, "body")
	return codec.AppendBlob(b, r.Body)
}

// UnmarshalMsg decodes a whole payload into r. Missing members read as zero
// values; Headers is never nil afterwards.
func (r *Request) UnmarshalMsg(b []byte) error {
	*r = Request{}
	err := codec.DecodeMap(b, "httpclient.Request", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "method":
			r.Method, rest, err = codec.ReadString(v)
		case "url":
			r.URL, rest, err = codec.ReadString(v)
		case "headers":
			r.Headers, rest, err = codec.ReadStringsMap(v)
		case "body":
			r.Body, rest, err = codec.ReadBlob(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
	if r.Headers == nil {
		r.Headers = Header{}
	}
	return err
}

package httpserver

import (
	"slices"

	"github.com/trellis-lattice/trellis/contract/codec"
)

var _ codec.Message = (*Request)(nil)

// Request is the HttpRequest the provider sends to the actor.
type Request struct {
	// Method is the HTTP method in upper case, e.g. "GET".
	Method string
	// Path is the URL path, starting with "/".
	Path string
	// QueryString is the text after "?" (without it), or "".
	QueryString string
	// Header holds the request headers under lowercase names.
	Header Header
	// Body is the request body; nil when empty.
	Body []byte
}

// AppendMsg appends the msgpack encoding of r to b:
// {method, path, queryString, header, body}.
func (r *Request) AppendMsg(b []byte) []byte {
	b = slices.Grow(b, 64+len(r.Method)+len(r.Path)+len(r.QueryString)+
		codec.StringsMapSize(r.Header)+len(r.Body))
	b = codec.AppendMapHeader(b, 5)
	b = codec.AppendString(b, "method")
	b = codec.AppendString(b, r.Method)
	b = codec.AppendString(b, "path")
	b = codec.AppendString(b, r.Path)
	b = codec.AppendString(b, "queryString")
	b = codec.AppendString(b, r.QueryString)
	b = codec.AppendString(b, "header")
	b = appendHeader(b, r.Header)
	b = codec.AppendString(b, "body")
	return codec.AppendBlob(b, r.Body)
}

// UnmarshalMsg decodes a whole payload into r. Missing members read as zero
// values; Header is never nil afterwards.
func (r *Request) UnmarshalMsg(b []byte) error {
	*r = Request{}
	err := codec.DecodeMap(b, "httpserver.Request", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "method":
			r.Method, rest, err = codec.ReadString(v)
		case "path":
			r.Path, rest, err = codec.ReadString(v)
		case "queryString":
			r.QueryString, rest, err = codec.ReadString(v)
		case "header":
			r.Header, rest, err = readHeader(v)
		case "body":
			r.Body, rest, err = codec.ReadBlob(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
	if r.Header == nil {
		r.Header = Header{}
	}
	return err
}

package httpclient

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*Response)(nil)

// Response is the HttpResponse the provider returns to the actor.
type Response struct {
	// StatusCode is the HTTP status of the response.
	StatusCode uint16
	// Header holds the response headers (wire key "header").
	Header Header
	// Body is the response body.
	Body []byte
}

// AppendMsg appends the msgpack encoding of r to b: {statusCode, header,
// body}. A nil Header is written as an empty map.
func (r *Response) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 3)
	b = codec.AppendString(b, "statusCode")
	b = codec.AppendU16(b, r.StatusCode)
	b = codec.AppendString(b, "header")
	b = codec.AppendStringsMap(b, r.Header)
	b = codec.AppendString(b, "body")
	return codec.AppendBlob(b, r.Body)
}

// UnmarshalMsg decodes a whole payload into r. Missing members read as zero
// values; Header is never nil afterwards.
func (r *Response) UnmarshalMsg(b []byte) error {
	*r = Response{}
	err := codec.DecodeMap(b, "httpclient.Response", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "statusCode":
			r.StatusCode, rest, err = codec.ReadU16(v)
		case "header":
			r.Header, rest, err = codec.ReadStringsMap(v)
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

package httpserver

import (
	"slices"

	"github.com/trellis-lattice/trellis/contract/codec"
)

var _ codec.Message = (*Response)(nil)

// Response is the HttpResponse the actor returns to the provider.
type Response struct {
	// StatusCode is the HTTP status; the provider turns an invalid one into 500.
	StatusCode uint16
	// Header holds the response headers.
	Header Header
	// Body is the response body.
	Body []byte
}

// NewResponse returns a response with the given status and body and an empty
// header map, ready for Header.Set.
func NewResponse(status uint16, body []byte) *Response {
	return &Response{StatusCode: status, Header: Header{}, Body: body}
}

// AppendMsg appends the msgpack encoding of r to b: {statusCode, header,
// body}. A nil Header is written as an empty map.
func (r *Response) AppendMsg(b []byte) []byte {
	b = slices.Grow(b, 48+codec.StringsMapSize(r.Header)+len(r.Body))
	b = codec.AppendMapHeader(b, 3)
	b = codec.AppendString(b, "statusCode")
	b = codec.AppendU16(b, r.StatusCode)
	b = codec.AppendString(b, "header")
	b = appendHeader(b, r.Header)
	b = codec.AppendString(b, "body")
	return codec.AppendBlob(b, r.Body)
}

// UnmarshalMsg decodes a whole payload into r. Key order does not matter
// (old kvcounter writes body, header, statusCode); missing members read as
// zero values and Header is never nil afterwards. The extra status string
// of waPC-era responses is ignored and their single-valued headers are read
// as lists of one.
func (r *Response) UnmarshalMsg(b []byte) error {
	*r = Response{}
	err := codec.DecodeMap(b, "httpserver.Response", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "statusCode":
			r.StatusCode, rest, err = codec.ReadU16(v)
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

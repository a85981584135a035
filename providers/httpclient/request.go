package httpclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/trellis-lattice/trellis/contract/httpclient"
)

// do sends req with c and returns the response, its body read up to the link's limit.
func (c *client) do(ctx context.Context, req *httpclient.Request) (*httpclient.Response, error) {
	hreq, err := newRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	what := req.Method + " " + hreq.URL.Redacted()
	resp, err := c.http.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("http request %s: %s", what, c.cause(ctx, err))
	}
	defer resp.Body.Close()
	tooLarge := fmt.Errorf("http request %s: response body exceeds max_response_body of %d bytes", what, c.cfg.maxBody)
	if resp.ContentLength > c.cfg.maxBody {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.maxBody+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("http request %s: read response body: %s", what, c.cause(ctx, err))
	case int64(len(body)) > c.cfg.maxBody:
		return nil, tooLarge
	}
	out := &httpclient.Response{StatusCode: uint16(resp.StatusCode), Header: make(httpclient.Header, len(resp.Header)), Body: body}
	for name, values := range resp.Header {
		key := strings.ToLower(name)
		out.Header[key] = append(out.Header[key], values...)
	}
	return out, nil
}

// cause says why a request failed, without the method and URL that net/http puts around it.
func (c *client) cause(ctx context.Context, err error) string {
	if ctx.Err() != nil {
		return "the invocation ended before the response: " + context.Cause(ctx).Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
		if ue.Timeout() {
			return fmt.Sprintf("no response within the link's timeout of %s: %v", c.cfg.timeout, err)
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no complete response within the link's timeout of %s: %v", c.cfg.timeout, err)
	}
	return err.Error()
}

// newRequest validates req's method and URL and builds the net/http request.
func newRequest(ctx context.Context, req *httpclient.Request) (*http.Request, error) {
	if err := checkMethod(req.Method); err != nil {
		return nil, err
	}
	u, err := checkURL(req.URL)
	if err != nil {
		return nil, err
	}
	var body io.Reader
	if len(req.Body) > 0 {
		body = bytes.NewReader(req.Body)
	}
	hreq, err := http.NewRequestWithContext(ctx, req.Method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("http request %s %s: %w", req.Method, u.Redacted(), err)
	}
	for name, values := range req.Headers {
		if strings.EqualFold(name, "host") {
			if len(values) > 0 {
				hreq.Host = values[0]
			}
			continue
		}
		for _, v := range values {
			hreq.Header.Add(name, v)
		}
	}
	return hreq, nil
}

// checkMethod accepts a non-empty HTTP token (RFC 9110 §5.6.2), which is sent as given.
func checkMethod(m string) error {
	if m == "" {
		return errors.New("http request: method is empty: want GET, POST, …")
	}
	for i := 0; i < len(m); i++ {
		if !isTokenByte(m[i]) {
			return fmt.Errorf("http request: invalid method %q: not an HTTP token", m)
		}
	}
	return nil
}

func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// checkURL accepts an absolute http or https URL with a host.
func checkURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("http request: invalid URL %q: %v", s, err)
	}
	switch {
	case u.Scheme == "":
		return nil, fmt.Errorf("http request: invalid URL %q: not absolute: want http:// or https://", u.Redacted())
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("http request: invalid URL %q: scheme %q is not http or https", u.Redacted(), u.Scheme)
	case u.Host == "":
		return nil, fmt.Errorf("http request: invalid URL %q: no host", u.Redacted())
	}
	return u, nil
}

package httpserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

// ServeHTTP turns r into an HttpServer.HandleRequest call on the server's actor.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cfg, link := s.cfg.Load(), s.link.Load()
	conn := s.p.conn.Load()
	body, status, reason := readBody(w, r, cfg.maxBody)
	if status != 0 {
		fail(w, status, reason)
		return
	}
	req := httpserver.Request{
		Method:      strings.ToUpper(r.Method),
		Path:        r.URL.EscapedPath(),
		QueryString: r.URL.RawQuery,
		Header:      requestHeader(r),
		Body:        body,
	}
	if !strings.HasPrefix(req.Path, "/") {
		req.Path = "/" + req.Path
	}
	ctx := r.Context()
	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.timeout)
		defer cancel()
	}
	out, err := conn.CallActor(ctx, s.actor, *link, httpserver.OpHandleRequest, req.AppendMsg(nil))
	if err != nil {
		s.callFailed(w, r, err)
		return
	}
	var resp httpserver.Response
	if err := resp.UnmarshalMsg(out); err != nil {
		s.log.Warn("invalid response from actor", "err", err)
		fail(w, http.StatusInternalServerError, fmt.Sprintf("actor %s sent an invalid response: %v", s.actor, err))
		return
	}
	if resp.StatusCode < 200 || resp.StatusCode > 599 {
		s.log.Warn("actor sent an invalid status", "status", resp.StatusCode)
		fail(w, http.StatusInternalServerError, fmt.Sprintf("actor %s sent invalid status code %d", s.actor, resp.StatusCode))
		return
	}
	h := w.Header()
	for name, values := range resp.Header {
		switch strings.ToLower(name) {
		case "content-length", "transfer-encoding", "connection":
			continue // framing is the provider's
		}
		for _, v := range values {
			h.Add(name, v)
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(int(resp.StatusCode))
	if _, err := w.Write(resp.Body); err != nil && !errors.Is(err, http.ErrBodyNotAllowed) {
		s.log.Debug("cannot write response", "err", err)
	}
}

// callFailed answers a failed actor call.
func (s *server) callFailed(w http.ResponseWriter, r *http.Request, err error) {
	var remote *lattice.RemoteError
	switch {
	case r.Context().Err() != nil:
		s.log.Debug("client went away during the actor call", "err", err)
		return // nobody to answer
	case errors.As(err, &remote):
		fail(w, http.StatusInternalServerError, remote.Message)
	case errors.Is(err, lattice.ErrNoResponders):
		fail(w, http.StatusServiceUnavailable, fmt.Sprintf("actor %s is unavailable: %v", s.actor, err))
	case errors.Is(err, lattice.ErrRPCTimeout), errors.Is(err, context.DeadlineExceeded):
		fail(w, http.StatusGatewayTimeout, fmt.Sprintf("actor %s did not answer in time: %v", s.actor, err))
	default:
		s.log.Warn("actor call failed", "err", err)
		fail(w, http.StatusInternalServerError, fmt.Sprintf("call to actor %s failed: %v", s.actor, err))
	}
}

// readBody reads r's body up to limit bytes; on failure it returns the status and reason to
// answer with.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, int, string) {
	tooLarge := fmt.Sprintf("request body exceeds the limit of %d bytes", limit)
	if r.ContentLength > limit {
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	if r.ContentLength == 0 {
		return nil, 0, ""
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	case err != nil:
		return nil, http.StatusBadRequest, fmt.Sprintf("cannot read request body: %v", err)
	}
	if len(body) == 0 {
		body = nil
	}
	return body, 0, ""
}

// requestHeader returns r's headers under lowercase names, with the host header.
func requestHeader(r *http.Request) httpserver.Header {
	h := make(httpserver.Header, len(r.Header)+1)
	for name, values := range r.Header {
		key := strings.ToLower(name)
		h[key] = append(h[key], values...)
	}
	if r.Host != "" {
		h["host"] = []string{r.Host}
	}
	return h
}

// fail writes a plain-text error response.
func fail(w http.ResponseWriter, status int, reason string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, reason+"\n")
}

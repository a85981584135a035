package telnet

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/telnet"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

// Notices the provider writes to clients, each on a line of its own.
const (
	noticeFull     = "server full"
	noticeShutdown = "server shutting down"
	noticeIdle     = "idle timeout"
)

// session is one client connection.
type session struct {
	id   string
	l    *listener
	conn net.Conn
	cfg  *config // the link's values when the session started

	wmu sync.Mutex // serializes writes

	endMu  sync.Mutex
	reason string // why the provider ended the session; "" while it runs
}

// run is the session's life: SessionStarted, one ReceiveText per line, and SessionEnded once
// the client is gone (not when the listener stops). It returns when the session has ended.
func (s *session) run() {
	log := s.l.log.With("session", s.id, "remote", s.conn.RemoteAddr().String())
	defer s.l.remove(s)
	started := &telnet.SessionStarted{Session: s.id, RemoteAddr: s.conn.RemoteAddr().String()}
	if err := s.call(telnet.OpSessionStarted, started); err != nil {
		if s.l.ctx.Err() != nil {
			return // the listener is stopping and tells the client so
		}
		log.Info("telnet session refused by the actor", "err", err)
		_ = s.write(telnetText("error: "+actorError(err)+"\n"), NoticeTimeout)
		s.end("refused by the actor")
		return
	}
	log.Debug("telnet session started")
	reason := s.readLines()
	if s.l.ctx.Err() != nil {
		// The listener is stopping: it tells the client and closes the connection, and the
		// actor gets no SessionEnded (documented).
		log.Debug("telnet session ended", "reason", noticeShutdown)
		return
	}
	s.end(reason)
	s.l.remove(s)
	log.Debug("telnet session ended", "reason", reason)
	if err := s.call(telnet.OpSessionEnded, &telnet.SessionEnded{Session: s.id, Reason: reason}); err != nil {
		log.Warn("SessionEnded call failed", "err", err)
	}
}

// readLines delivers the client's lines to the actor, one call at a time, until the
// connection ends, and returns why it ended.
func (s *session) readLines() string {
	lr := newLineReader(bufio.NewReader(idleReader{s.conn, s.cfg.idleTimeout}), s.cfg.maxLine)
	for {
		line, tooLong, err := lr.readLine()
		if err != nil {
			return s.readFailed(err)
		}
		if tooLong {
			_ = s.write(telnetText(fmt.Sprintf("line too long (max %d bytes)\n", s.cfg.maxLine)), WriteTimeout)
			continue
		}
		if err := s.call(telnet.OpReceiveText, &telnet.TextMessage{Session: s.id, Text: line}); err != nil {
			if s.l.ctx.Err() != nil {
				return noticeShutdown
			}
			_ = s.write(telnetText("error: "+actorError(err)+"\n"), WriteTimeout)
		}
	}
}

// readFailed returns the reason a read error ends the session with.
func (s *session) readFailed(err error) string {
	if r := s.endReason(); r != "" {
		return r // the provider closed the connection
	}
	switch {
	case errors.Is(err, io.EOF):
		return "client disconnected"
	case errors.Is(err, os.ErrDeadlineExceeded):
		_ = s.write(telnetText(noticeIdle+"\n"), NoticeTimeout)
		return fmt.Sprintf("%s (no input for %s)", noticeIdle, s.cfg.idleTimeout)
	}
	return "connection error: " + err.Error()
}

// call invokes op on the session's actor.
func (s *session) call(op string, msg codec.Message) error {
	_, err := s.l.p.conn.Load().CallActor(s.l.ctx, s.l.actor, *s.l.link.Load(), op, msg.AppendMsg(nil))
	return err
}

// actorError is the text of a failed actor call as the client reads it.
func actorError(err error) string {
	if remote, ok := errors.AsType[*lattice.RemoteError](err); ok {
		return remote.Message
	}
	return err.Error()
}

// write writes b to the client within timeout. A failed write ends the session.
func (s *session) write(b []byte, timeout time.Duration) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.conn.SetWriteDeadline(time.Now().Add(timeout)); err != nil {
		s.end("write failed: " + err.Error())
		return err
	}
	if _, err := s.conn.Write(b); err != nil {
		s.end("write failed: " + err.Error())
		return err
	}
	return nil
}

// shutdown tells the client the server is shutting down and ends the session.
func (s *session) shutdown() {
	_ = s.write(telnetText(noticeShutdown+"\n"), NoticeTimeout)
	s.end(noticeShutdown)
}

// end closes the connection, keeping the first reason given.
func (s *session) end(reason string) {
	s.endMu.Lock()
	defer s.endMu.Unlock()
	if s.reason != "" {
		return
	}
	s.reason = reason
	_ = s.conn.Close()
}

// endReason returns why the provider ended the session, or "".
func (s *session) endReason() string {
	s.endMu.Lock()
	defer s.endMu.Unlock()
	return s.reason
}

// ended reports whether the session's connection is closed.
func (s *session) ended() bool { return s.endReason() != "" }

// idleReader reads from conn, failing with os.ErrDeadlineExceeded when no data arrives within
// timeout (0: no limit).
type idleReader struct {
	conn    net.Conn
	timeout time.Duration
}

func (r idleReader) Read(b []byte) (int, error) {
	if r.timeout > 0 {
		if err := r.conn.SetReadDeadline(time.Now().Add(r.timeout)); err != nil {
			return 0, err
		}
	}
	return r.conn.Read(b)
}

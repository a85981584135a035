package host

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/trellis-lattice/trellis/provider"
)

// providerInstance is one run of a provider: a goroutine in this process (built-ins) or a child
// process. A supervisor replaces an instance that ends on its own.
type providerInstance interface {
	// Done is closed when the instance has ended.
	Done() <-chan struct{}
	// Reason says why it ended; valid after Done.
	Reason() string
	// Output returns the last lines the instance wrote ("" for goroutines).
	Output() string
	// Kill ends the instance at once.
	Kill()
}

// goInstance runs a built-in provider with provider.Run.
type goInstance struct {
	cancel context.CancelFunc
	done   chan struct{}
	err    error
}

func (g *goInstance) Done() <-chan struct{} { return g.done }
func (g *goInstance) Output() string        { return "" }
func (g *goInstance) Kill()                 { g.cancel() }
func (g *goInstance) Reason() string {
	if g.err != nil {
		return g.err.Error()
	}
	return "provider.Run returned"
}

// procInstance is a provider running as a child process.
type procInstance struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	done  chan struct{}
	err   error
	tail  *lineTail
}

func (p *procInstance) Done() <-chan struct{} { return p.done }
func (p *procInstance) Output() string        { return p.tail.String() }
func (p *procInstance) Kill()                 { killProcess(p.cmd) }
func (p *procInstance) Reason() string {
	var exit *exec.ExitError
	switch {
	case errors.As(p.err, &exit):
		return exit.String()
	case p.err != nil:
		return p.err.Error()
	}
	return "exit status 0"
}

// startInstance starts a new instance of e with a fresh instance id: provider.Run on a goroutine
// for built-ins, otherwise the executable as a child process with HostData on its stdin, which
// stays open while the instance runs.
func (h *Host) startInstance(e *providerEntry) (providerInstance, error) {
	id := uuid.NewString()
	e.mu.Lock()
	e.instanceID = id
	e.mu.Unlock()
	hd := h.hostData(e.key, e.link, e.config, id)
	if b := e.src.builtin; b != nil {
		ctx, cancel := context.WithCancel(h.runCtx)
		g := &goInstance{cancel: cancel, done: make(chan struct{})}
		p := b.New(e.log)
		go func() {
			defer close(g.done)
			g.err = provider.Run(ctx, h.nc, hd, p, e.log, provider.WithLocalActors(h),
				provider.WithLocalEndpoint(func(ep provider.LocalEndpoint) {
					if ep == nil {
						e.local.Store(nil)
					} else {
						e.local.Store(&ep)
					}
				}))
		}()
		return g, nil
	}
	if hd.LatticeRPCURL == "" || strings.HasPrefix(hd.LatticeRPCURL, "pipe") {
		return nil, fmt.Errorf("this host's NATS connection is in-process only, so a provider process cannot reach it: give the embedded NATS server a listen address")
	}
	hd.StructuredLogging = true // lines are re-logged with their level and attributes
	line, err := hd.Encode()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(e.src.exe)
	cmd.Env = os.Environ()
	setProcessGroup(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", e.src.exe, err)
	}
	p := &procInstance{cmd: cmd, stdin: stdin, done: make(chan struct{}), tail: &lineTail{max: 20}}
	var logs sync.WaitGroup
	logs.Add(2)
	go p.copyLines(&logs, stdout, e.log, "stdout")
	go p.copyLines(&logs, stderr, e.log, "stderr")
	go func() {
		logs.Wait() // Wait closes the pipes: read them to the end first
		p.err = cmd.Wait()
		stdin.Close()
		close(p.done)
	}()
	if _, err := stdin.Write(line); err != nil {
		e.log.Warn("write host data to provider", "err", err)
	}
	return p, nil
}

// copyLines logs each line of r under the provider's identity and keeps the last ones.
func (p *procInstance) copyLines(wg *sync.WaitGroup, r io.Reader, log *slog.Logger, stream string) {
	defer wg.Done()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		p.tail.add(line)
		relog(log, line, stream)
	}
	_, _ = io.Copy(io.Discard, r) // a line over 1 MiB ends scanning; keep the pipe drained
}

// relog logs a line of provider output: a JSON log record (what providers built on the provider
// SDK write, since hosts ask for structured logging) keeps its level, message and attributes;
// any other line is logged as it is.
func relog(log *slog.Logger, line, stream string) {
	var rec map[string]any
	if json.Unmarshal([]byte(line), &rec) != nil {
		log.Info(line, "stream", stream)
		return
	}
	msg, ok := rec[slog.MessageKey].(string)
	if !ok {
		log.Info(line, "stream", stream)
		return
	}
	var level slog.Level
	if s, ok := rec[slog.LevelKey].(string); ok {
		_ = level.UnmarshalText([]byte(s)) // unknown levels stay at info
	}
	attrs := make([]any, 0, 2*len(rec))
	for _, k := range slices.Sorted(maps.Keys(rec)) {
		switch k {
		case slog.MessageKey, slog.LevelKey, slog.TimeKey, "provider", "link":
			continue // the host's logger carries the provider's identity already
		}
		attrs = append(attrs, k, rec[k])
	}
	log.Log(context.Background(), level, msg, attrs...)
}

// lineTail keeps the last max lines written to it.
type lineTail struct {
	mu    sync.Mutex
	max   int
	lines []string
}

func (t *lineTail) add(line string) {
	const maxLine = 512
	if len(line) > maxLine {
		line = line[:maxLine] + "…"
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	if len(t.lines) > t.max {
		t.lines = t.lines[len(t.lines)-t.max:]
	}
}

func (t *lineTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}

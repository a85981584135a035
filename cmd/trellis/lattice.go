package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
)

// Environment variables of the lattice commands.
const (
	envNATSURL = "TRELLIS_NATS_URL"
	envLattice = "TRELLIS_LATTICE"
)

// defaultNATSURL is where trellis up listens by default.
const defaultNATSURL = "nats://127.0.0.1:4222"

// latticeFlags are the flags every lattice command takes: where the lattice is, how long to
// wait for it and how to print results.
type latticeFlags struct {
	natsURL string
	lattice string
	timeout time.Duration
	format  string
}

// addLatticeFlags adds --nats-url, --lattice, --timeout and -o to cmd.
func addLatticeFlags(cmd *cobra.Command) *latticeFlags {
	f := &latticeFlags{}
	fs := cmd.Flags()
	fs.StringVar(&f.natsURL, "nats-url", envOr(envNATSURL, defaultNATSURL), "NATS server of the lattice (env "+envNATSURL+")")
	fs.StringVar(&f.lattice, "lattice", envOr(envLattice, ctl.DefaultLattice), "lattice name (env "+envLattice+")")
	fs.DurationVar(&f.timeout, "timeout", ctl.DefaultTimeout, "how long to wait for hosts to answer")
	addFormatFlag(cmd, &f.format)
	return f
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// session is an open connection to a lattice.
type session struct {
	*ctl.Client
	nc      *nats.Conn
	flags   *latticeFlags
	lattice string
}

// open checks the flags and connects to the lattice. Close the session when done.
func (f *latticeFlags) open() (*session, error) {
	if err := checkFormat(f.format); err != nil {
		return nil, err
	}
	if f.timeout <= 0 {
		return nil, fmt.Errorf("--timeout %v: want a positive duration such as 2s", f.timeout)
	}
	if err := ctl.ValidateLattice(f.lattice); err != nil {
		return nil, fmt.Errorf("--lattice: %w", err)
	}
	nc, err := nats.Connect(f.natsURL, nats.Name("trellis cli"), nats.Timeout(f.timeout))
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w (start a lattice with 'trellis up', or set --nats-url or %s)", f.natsURL, err, envNATSURL)
	}
	c, err := ctl.NewClient(nc, ctl.Options{Lattice: f.lattice, Timeout: f.timeout})
	if err != nil {
		nc.Close()
		return nil, err
	}
	return &session{Client: c, nc: nc, flags: f, lattice: f.lattice}, nil
}

func (s *session) close() { s.nc.Close() }

// json reports whether results are printed as JSON.
func (s *session) json() bool { return s.flags.format == formatJSON }

// inventories returns the inventory of every host of the lattice, sorted by host id.
func (s *session) inventories(ctx context.Context) ([]*ctl.HostInventory, error) {
	hosts, err := s.Hosts(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(hosts, func(a, b ctl.Host) int { return strings.Compare(a.ID, b.ID) })
	invs := make([]*ctl.HostInventory, 0, len(hosts))
	for _, h := range hosts {
		inv, err := s.Inventory(ctx, h.ID)
		if err != nil {
			return nil, fmt.Errorf("inventory of host %s: %w", h.ID, err)
		}
		invs = append(invs, inv)
	}
	return invs, nil
}

// parsePairs parses KEY=VALUE arguments; what names them in errors ("--constraint", "label").
func parsePairs(args []string, what string) (map[string]string, error) {
	m := make(map[string]string, len(args))
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s %q: want KEY=VALUE", what, a)
		}
		m[k] = v
	}
	return m, nil
}

// formatPairs prints a map as "k1=v1, k2=v2" in key order, "-" when empty.
func formatPairs(m map[string]string) string {
	if len(m) == 0 {
		return "-"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ", ")
}

// orDash returns s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ackResult is the JSON result of a command sent to one host.
type ackResult struct {
	HostID        string `json:"host_id,omitempty"`
	Accepted      bool   `json:"accepted"`
	Error         string `json:"error,omitempty"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

func newAckResult(hostID string, ack ctl.CtlOperationAck, err error) ackResult {
	r := ackResult{HostID: hostID, Accepted: err == nil && ack.Accepted, CorrelationID: ack.CorrelationID}
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

package provtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
)

// Config is MemKV's launch configuration (HostData config_json).
type Config struct {
	// ExitAtStart makes Init print this text and exit the process with status 3.
	ExitAtStart string `json:"exit_at_start,omitempty"`
	// PIDFile receives the process id at start.
	PIDFile string `json:"pid_file,omitempty"`
	// UnhealthyFile makes Health fail while this file exists.
	UnhealthyFile string `json:"unhealthy_file,omitempty"`
}

// MemKV is an in-memory keyvalue provider. Operation "Test.Exit" ends the process with the
// status given as its payload.
type MemKV struct {
	mu     sync.Mutex
	counts map[string]int32
	cfg    Config
}

// NewMemKV returns an empty MemKV.
func NewMemKV() *MemKV { return &MemKV{counts: map[string]int32{}} }

// Init reads the configuration and applies ExitAtStart and PIDFile.
func (m *MemKV) Init(_ context.Context, c *provider.Conn) error {
	if s := c.HostData().ConfigJSON; s != "" {
		if err := json.Unmarshal([]byte(s), &m.cfg); err != nil {
			return fmt.Errorf("memkv config: %w", err)
		}
	}
	if m.cfg.ExitAtStart != "" {
		fmt.Println(m.cfg.ExitAtStart)
		os.Exit(3)
	}
	if m.cfg.PIDFile != "" {
		return os.WriteFile(m.cfg.PIDFile, []byte(strconv.Itoa(os.Getpid())), 0o644)
	}
	return nil
}

// Contract implements provider.Provider.
func (m *MemKV) Contract() string { return keyvalue.ContractID }

// PutLink implements provider.Provider.
func (m *MemKV) PutLink(context.Context, ctl.LinkDefinition) error { return nil }

// DeleteLink implements provider.Provider.
func (m *MemKV) DeleteLink(context.Context, ctl.LinkDefinition) error { return nil }

// Shutdown implements provider.Provider.
func (m *MemKV) Shutdown(context.Context) error { return nil }

// Health fails while the configured UnhealthyFile exists.
func (m *MemKV) Health(context.Context) error {
	if f := m.cfg.UnhealthyFile; f != "" {
		if _, err := os.Stat(f); err == nil {
			return errors.New("memkv: backend unavailable (" + f + " exists)")
		}
	}
	return nil
}

// Handle implements Increment, Get and Test.Exit.
func (m *MemKV) Handle(_ context.Context, _ string, _ ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch op {
	case keyvalue.OpIncrement:
		var r keyvalue.IncrementRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		m.counts[r.Key] += r.Value
		return codec.EncodeI32(m.counts[r.Key]), nil
	case keyvalue.OpGet:
		key, err := codec.DecodeString(payload)
		if err != nil {
			return nil, err
		}
		v, ok := m.counts[key]
		return (&keyvalue.GetResponse{Value: strconv.Itoa(int(v)), Exists: ok}).AppendMsg(nil), nil
	case "Test.Exit":
		code, _ := strconv.Atoi(string(payload))
		os.Exit(code)
	}
	return nil, fmt.Errorf("memkv: %s not supported", op)
}

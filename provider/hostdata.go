package provider

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

// MaxHostDataLine is the longest HostData line ReadHostData accepts, in bytes.
const MaxHostDataLine = 16 << 20

// HostData is what a host tells a provider at launch (PROTOCOL.md §3.2): one line on the
// provider's stdin holding the standard base64 of this JSON object.
type HostData struct {
	// HostID is the launching host's key (N…).
	HostID string `json:"host_id"`
	// LatticeRPCPrefix is the lattice name.
	LatticeRPCPrefix string `json:"lattice_rpc_prefix"`
	// LinkName is the link name the provider serves.
	LinkName string `json:"link_name"`
	// LatticeRPCUserJWT and LatticeRPCUserSeed are NATS user credentials; empty for none.
	LatticeRPCUserJWT  string `json:"lattice_rpc_user_jwt"`
	LatticeRPCUserSeed string `json:"lattice_rpc_user_seed"`
	// LatticeRPCURL is the NATS address, host:port without scheme.
	LatticeRPCURL string `json:"lattice_rpc_url"`
	// LatticeRPCTLS is the host's TLS flag for the RPC connection (unused, as by wasmbus-rpc).
	LatticeRPCTLS Flag `json:"lattice_rpc_tls"`
	// EnvValues is legacy and always empty.
	EnvValues map[string]string `json:"env_values"`
	// InstanceID is a fresh UUID per launch.
	InstanceID string `json:"instance_id"`
	// ProviderKey is the provider's public key (V…).
	ProviderKey string `json:"provider_key"`
	// LinkDefinitions are the links the host knows for this provider key and link name.
	LinkDefinitions []ctl.LinkDefinition `json:"link_definitions"`
	// ConfigJSON is the configuration string of the launch command, "" if none.
	ConfigJSON string `json:"config_json"`
	// DefaultRPCTimeoutMS is the host's RPC timeout in milliseconds.
	DefaultRPCTimeoutMS uint64 `json:"default_rpc_timeout_ms"`
	// ClusterIssuers are the cluster keys (C…) whose invocations the provider trusts.
	ClusterIssuers []string `json:"cluster_issuers"`
	// InvocationSeed is the cluster seed (SC…) the provider signs its invocations with.
	InvocationSeed string `json:"invocation_seed"`
	// JSDomain is the JetStream domain of the lattice's metadata; nil for none.
	JSDomain *string `json:"js_domain"`
	// StructuredLogging asks for JSON logs.
	StructuredLogging bool `json:"structured_logging"`
	// LogLevel is info, debug, warn (or warning) or error; "" means info.
	LogLevel string `json:"log_level,omitempty"`
}

// Flag is a JSON boolean that also accepts the integers 0 and 1, as hosts send either.
type Flag bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *Flag) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true", "1":
		*f = true
	case "false", "0", "null":
		*f = false
	default:
		return fmt.Errorf("want a boolean or 0/1, got %s", b)
	}
	return nil
}

// ErrInvalidHostData is wrapped by every error of ReadHostData and HostData.Validate.
var ErrInvalidHostData = errors.New("invalid host data")

// ReadHostData reads the HostData line a host writes to a provider's stdin: standard base64
// (with padding) of the JSON object, ended by a newline or the end of input. It reads no further
// than that line's end, byte by byte past a buffered reader, so r stays usable. It does not
// validate the result; Run does.
func ReadHostData(r io.Reader) (*HostData, error) {
	line, err := readLine(r)
	if err != nil {
		return nil, err
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil, fmt.Errorf("%w: the host data line on stdin is empty", ErrInvalidHostData)
	}
	raw := make([]byte, base64.StdEncoding.DecodedLen(len(line)))
	n, err := base64.StdEncoding.Decode(raw, line)
	if err != nil {
		return nil, fmt.Errorf("%w: the %d-byte line on stdin is not standard padded base64: %v", ErrInvalidHostData, len(line), err)
	}
	hd := &HostData{}
	dec := json.NewDecoder(bytes.NewReader(raw[:n]))
	if err := dec.Decode(hd); err != nil {
		return nil, fmt.Errorf("%w: decode host data JSON: %v", ErrInvalidHostData, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: decode host data JSON: data after the object", ErrInvalidHostData)
	}
	return hd, nil
}

// readLine reads up to and excluding the first '\n', at most MaxHostDataLine bytes.
func readLine(r io.Reader) ([]byte, error) {
	br := bufio.NewReaderSize(oneByteReader{r}, 4096)
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > MaxHostDataLine {
			return nil, fmt.Errorf("%w: the host data line on stdin is longer than %d bytes", ErrInvalidHostData, MaxHostDataLine)
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return line, nil
		case errors.Is(err, io.EOF):
			return nil, fmt.Errorf("%w: stdin ended before the host data line (is this provider started by a host?)", ErrInvalidHostData)
		default:
			return nil, fmt.Errorf("read host data from stdin: %w", err)
		}
	}
}

// oneByteReader reads at most one byte per call, so a bufio.Reader over it never reads past the
// byte it returns last.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

// Encode returns the line a host writes to a provider's stdin: standard base64 of hd's JSON and
// "\n". env_values, link_definitions and cluster_issuers are always present.
func (hd *HostData) Encode() ([]byte, error) {
	c := *hd
	if c.EnvValues == nil {
		c.EnvValues = map[string]string{}
	}
	if c.LinkDefinitions == nil {
		c.LinkDefinitions = []ctl.LinkDefinition{}
	}
	if c.ClusterIssuers == nil {
		c.ClusterIssuers = []string{}
	}
	js, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("encode host data: %w", err)
	}
	out := base64.StdEncoding.AppendEncode(nil, js)
	return append(out, '\n'), nil
}

// Validate reports every field Run cannot work with: host id (N…), lattice name, link name,
// provider key (V…), invocation seed (SC…) and cluster issuers (C…, at least one).
func (hd *HostData) Validate() error {
	var errs []error
	if _, err := claims.DecodePublicAs(hd.HostID, claims.PrefixHost); err != nil {
		errs = append(errs, fmt.Errorf("host_id: %w", err))
	}
	if err := lattice.ValidateLatticeName(hd.LatticeRPCPrefix); err != nil {
		errs = append(errs, fmt.Errorf("lattice_rpc_prefix: %w", err))
	}
	if hd.LinkName == "" {
		errs = append(errs, errors.New("link_name: empty"))
	}
	if _, err := claims.DecodePublicAs(hd.ProviderKey, claims.PrefixProvider); err != nil {
		errs = append(errs, fmt.Errorf("provider_key: %w", err))
	}
	if _, err := claims.ParseSeedAs(hd.InvocationSeed, claims.PrefixCluster); err != nil {
		errs = append(errs, fmt.Errorf("invocation_seed: %w", err))
	}
	if len(hd.ClusterIssuers) == 0 {
		errs = append(errs, errors.New("cluster_issuers: empty, so no invocation could be trusted"))
	}
	for i, iss := range hd.ClusterIssuers {
		if _, err := claims.DecodePublicAs(iss, claims.PrefixCluster); err != nil {
			errs = append(errs, fmt.Errorf("cluster_issuers[%d]: %w", i, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidHostData, err)
	}
	return nil
}

package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/par"
)

func newParCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "par",
		Short: "Create and inspect provider archives",
		Long: `A provider archive (.par, or .par.gz when compressed) holds a capability provider's signed
claims and one native executable per target (x86_64-linux, aarch64-macos, …). Hosts verify the
signature, the expiry and each executable's hash before they run one.`,
		Example: `  trellis par create --binary bin/kv-linux --arch x86_64-linux --capid wasmcloud:keyvalue --vendor Acme --name "Acme KV"
  trellis par inspect acme_kv.par.gz`,
	}
	cmd.AddCommand(newParCreateCmd(c), newParInspectCmd(c))
	return cmd
}

type parCreateFlags struct {
	binaries, archs                   []string
	capid, vendor, name, ver, out     string
	issuer, subject, account, expires string
	rev                               int32
	compress                          bool
}

func newParCreateCmd(c *cli) *cobra.Command {
	var f parCreateFlags
	cmd := &cobra.Command{
		Use:   "create --binary PATH[,PATH…] --capid ID --vendor V --name NAME",
		Short: "Build and sign a provider archive",
		Long: `Build a provider archive from one executable per target. --arch names the target of each
--binary, in the same order; with a single binary it defaults to this machine's target (` + par.HostTarget() + `).
Without --issuer and --subject, the account key --account and a provider key named after the
archive are taken from the keys directory and created there on first use.`,
		Example: `  trellis par create --binary bin/kv --capid wasmcloud:keyvalue --vendor Acme --name "Acme KV" --compress
  trellis par create --binary kv-amd64,kv-arm64 --arch x86_64-linux,aarch64-linux --capid wasmcloud:keyvalue --vendor Acme --name kv -o kv.par`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return parCreate(c, &f, time.Now()) },
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&f.binaries, "binary", nil, "executable to include (repeatable or comma-separated)")
	fl.StringSliceVar(&f.archs, "arch", nil, "target of each --binary, e.g. x86_64-linux (default: this machine's, for one binary)")
	fl.StringVar(&f.capid, "capid", "", "contract id the provider implements, e.g. wasmcloud:keyvalue")
	fl.StringVar(&f.vendor, "vendor", "", "vendor name")
	fl.StringVar(&f.name, "name", "", "display name of the provider")
	fl.StringVar(&f.ver, "ver", "", "human-readable version, e.g. 1.0.0")
	fl.Int32Var(&f.rev, "rev", 0, "revision number (0: hosts use the issue time)")
	fl.StringVar(&f.expires, "expires", "", "expire after this duration, e.g. 720h or 30d (default: never)")
	fl.StringVar(&f.issuer, "issuer", "", "account seed (SA…) or file holding one (default: the --account key in the keys directory)")
	fl.StringVar(&f.subject, "subject", "", "provider seed (SV…), public key (V…) or seed file (default: <name>_provider.nk in the keys directory)")
	fl.StringVar(&f.account, "account", "default", "name of the account key in the keys directory when --issuer is not given")
	fl.BoolVar(&f.compress, "compress", false, "gzip the archive (.par.gz)")
	fl.StringVarP(&f.out, "output", "o", "", "archive file to write (default: <name>.par or <name>.par.gz)")
	for _, name := range []string{"binary", "capid", "vendor", "name"} {
		_ = cmd.MarkFlagRequired(name) // cannot fail: the flags were just registered
	}
	return cmd
}

func parCreate(c *cli, f *parCreateFlags, now time.Time) error {
	archs := f.archs
	if len(archs) == 0 && len(f.binaries) == 1 {
		archs = []string{par.HostTarget()}
	}
	if len(archs) != len(f.binaries) {
		return fmt.Errorf("par create: %d --binary but %d --arch: give one target per binary, in the same order", len(f.binaries), len(archs))
	}
	bins := make(map[string][]byte, len(archs))
	for i, p := range f.binaries {
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("par create: %w", err)
		}
		if _, dup := bins[archs[i]]; dup {
			return fmt.Errorf("par create: target %s given twice", archs[i])
		}
		bins[archs[i]] = b
	}
	pc := claims.ProviderClaims{Name: f.name, CapID: f.capid, Vendor: f.vendor, Rev: f.rev, Ver: f.ver}
	pc.IssuedAt = now
	var err error
	if pc.Expires, err = offset(now, f.expires, "--expires"); err != nil {
		return err
	}
	keyName := fileStem(f.name)
	var issuer *claims.KeyPair
	if f.issuer != "" {
		if issuer, err = keyFromFlag(f.issuer, claims.PrefixAccount); err != nil {
			return fmt.Errorf("--issuer: %w", err)
		}
	} else if issuer, err = defaultKey(c, f.account, claims.PrefixAccount); err != nil {
		return err
	}
	var subject string
	switch {
	case looksLikePublicKey(f.subject):
		if _, err := claims.DecodePublicAs(f.subject, claims.PrefixProvider); err != nil {
			return fmt.Errorf("--subject: %w", err)
		}
		subject = f.subject
	case f.subject != "":
		kp, err := keyFromFlag(f.subject, claims.PrefixProvider)
		if err != nil {
			return fmt.Errorf("--subject: %w", err)
		}
		subject = kp.PublicKey()
	default:
		kp, err := defaultKey(c, keyName, claims.PrefixProvider)
		if err != nil {
			return err
		}
		subject = kp.PublicKey()
	}
	out := f.out
	if out == "" {
		out = keyName + ".par"
		if f.compress {
			out += ".gz"
		}
	}
	var buf bytes.Buffer
	if _, err := par.Create(&buf, bins, pc, issuer, subject, f.compress); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("par create: %w", err)
	}
	fmt.Fprintf(c.out, "Created %s: provider %s (%s), contract %s, targets %s, issuer %s\n", out, subject, f.name, f.capid, strings.Join(sortedKeys(bins), ", "), issuer.PublicKey())
	return nil
}

// fileStem turns a display name into a file name stem: lower case, '_' for anything that is not
// a letter or digit.
func fileStem(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '_'
	}, name)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// parReport is what par inspect prints.
type parReport struct {
	File     string            `json:"file"`
	Name     string            `json:"name,omitempty"`
	Subject  string            `json:"subject,omitempty"`
	Issuer   string            `json:"issuer,omitempty"`
	Contract string            `json:"capid,omitempty"`
	Vendor   string            `json:"vendor,omitempty"`
	Ver      string            `json:"ver,omitempty"`
	Rev      int32             `json:"rev"`
	IssuedAt *time.Time        `json:"issued_at,omitempty"`
	Expires  *time.Time        `json:"expires,omitempty"`
	Targets  []parTarget       `json:"targets"`
	Hashes   map[string]string `json:"target_hashes,omitempty"`
	Valid    bool              `json:"valid"`
	Error    string            `json:"error,omitempty"`
}

type parTarget struct {
	Target    string `json:"target"`
	Hash      string `json:"hash"`
	HashValid bool   `json:"hash_valid"`
	Runnable  bool   `json:"runnable_here"`
}

func newParInspectCmd(c *cli) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "inspect FILE",
		Short: "Show and check a provider archive",
		Long: `Show a provider archive's claims and targets and check it as a host would: signature, expiry,
key types and each executable's hash. The contents are shown even when a check fails; the
command then exits with status 1 and says which check failed.`,
		Example: `  trellis par inspect kv.par.gz
  trellis par inspect kv.par -o json`,
		Args: exactArgs(1, "one archive file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			r, err := inspectPAR(args[0], time.Now())
			if err != nil {
				return err
			}
			if err := printPAR(c, format, r); err != nil {
				return err
			}
			if !r.Valid {
				return fmt.Errorf("%s: provider archive is invalid: %s", r.File, r.Error)
			}
			return nil
		},
	}
	addFormatFlag(cmd, &format)
	return cmd
}

func inspectPAR(path string, now time.Time) (*parReport, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("inspect: %w", err)
	}
	token, hashes, err := par.Inspect(data)
	if err != nil {
		return nil, fmt.Errorf("inspect %s: %w", path, err)
	}
	r := &parReport{File: filepath.Clean(path), Targets: []parTarget{}}
	var pc claims.ProviderClaims
	if token != "" {
		if p, err := claims.DecodeProvider(token); err == nil {
			pc = p.ProviderClaims
			r.Name, r.Subject, r.Issuer, r.Contract, r.Vendor, r.Ver, r.Rev = pc.Name, pc.Subject, pc.Issuer, pc.CapID, pc.Vendor, pc.Ver, pc.Rev
			r.IssuedAt, r.Expires, r.Hashes = optionalTime(pc.IssuedAt), optionalTime(pc.Expires), pc.TargetHashes
		}
	}
	for _, target := range sortedKeys(hashes) {
		r.Targets = append(r.Targets, parTarget{Target: target, Hash: hashes[target],
			HashValid: strings.EqualFold(pc.TargetHashes[target], hashes[target]), Runnable: target == par.HostTarget()})
	}
	_, err = par.Read(data, now)
	r.Valid = err == nil
	if err != nil {
		r.Error = err.Error()
	}
	return r, nil
}

func printPAR(c *cli, format string, r *parReport) error {
	if format == formatJSON {
		return writeJSON(c.out, r)
	}
	w := newTable(c.out)
	w.row("File", r.File)
	w.row("Name", r.Name)
	w.row("Provider", r.Subject)
	w.row("Issuer", r.Issuer)
	w.row("Contract", r.Contract)
	w.row("Vendor", r.Vendor)
	w.row("Version", r.Ver)
	w.row("Revision", fmt.Sprint(r.Rev))
	w.row("Issued", formatTime(r.IssuedAt, "-"))
	w.row("Expires", formatTime(r.Expires, "never"))
	for _, t := range r.Targets {
		note := "hash ok"
		if !t.HashValid {
			note = "HASH MISMATCH"
		}
		if t.Runnable {
			note += ", runs here"
		}
		w.row("Target "+t.Target, t.Hash+" ("+note+")")
	}
	valid := yesNo(r.Valid)
	if !r.Valid {
		valid += " (" + r.Error + ")"
	}
	w.row("Valid", valid)
	return w.flush()
}

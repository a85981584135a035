package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/internal/claims"
)

func newClaimsCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "claims",
		Short: "Sign actor modules and inspect their claims",
		Long: `Claims are a signed JWT embedded in an actor module: its identity (M…), the account that
issued it (A…), the capabilities it may use and the hash of the module they were signed for.
Hosts refuse modules whose claims are missing, tampered with, expired or not yet valid.`,
		Example: `  trellis claims sign echo.wasm --name Echo --cap wasmcloud:httpserver
  trellis claims inspect echo_s.wasm`,
	}
	cmd.AddCommand(newClaimsSignCmd(c), newClaimsInspectCmd(c))
	return cmd
}

func newClaimsSignCmd(c *cli) *cobra.Command {
	var f signFlags
	var out string
	cmd := &cobra.Command{
		Use:   "sign FILE.wasm --name NAME [--cap ID]...",
		Short: "Embed signed claims in an actor module",
		Long: `Sign an actor module: remove any claims it has, compute its hash and embed a new token in a
custom section named "jwt". Without --issuer and --subject, the account key --account and a
key named after the module are taken from the keys directory ($` + envKeysDir + `, default
~/.trellis/keys) and created there on first use.`,
		Example: `  trellis claims sign echo.wasm --name Echo --cap wasmcloud:httpserver --ver 0.1.0 --rev 1
  trellis claims sign echo.wasm --name Echo --issuer ~/keys/acme_account.nk --expires 30d -o dist/echo.wasm`,
		Args: exactArgs(1, "one module file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return signFile(c, &f, args[0], out)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVarP(&out, "output", "o", "", "where to write the signed module (default: <stem>_s.wasm next to FILE)")
	_ = cmd.MarkFlagRequired("name") // cannot fail: the flag was just registered
	return cmd
}

func signFile(c *cli, f *signFlags, path, out string) error {
	mod, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if out == "" {
		out = filepath.Join(filepath.Dir(path), stem+"_s.wasm")
	}
	s, err := f.sign(c, mod, stem, time.Now())
	if err != nil {
		return fmt.Errorf("sign %s: %w", path, err)
	}
	if err := os.WriteFile(out, s.module, 0o644); err != nil {
		return fmt.Errorf("sign %s: %w", path, err)
	}
	fmt.Fprintf(c.out, "Signed %s as %s (module %s, issuer %s)\n", path, out, s.subject, s.issuer)
	return nil
}

// inspectReport is what claims inspect prints.
type inspectReport struct {
	File           string     `json:"file"`
	Name           string     `json:"name,omitempty"`
	Subject        string     `json:"subject"`
	Issuer         string     `json:"issuer"`
	Caps           []string   `json:"caps"`
	Tags           []string   `json:"tags"`
	Rev            int32      `json:"rev"`
	Ver            string     `json:"ver,omitempty"`
	CallAlias      string     `json:"call_alias,omitempty"`
	ClaimsHash     string     `json:"claims_hash"`
	ModuleHash     string     `json:"module_hash"`
	HashValid      bool       `json:"hash_valid"`
	SignatureValid bool       `json:"signature_valid"`
	IssuedAt       time.Time  `json:"issued_at"`
	Expires        *time.Time `json:"expires,omitempty"`
	NotBefore      *time.Time `json:"not_before,omitempty"`
	WascapRevision uint32     `json:"wascap_revision,omitempty"`
	Valid          bool       `json:"valid"`
	Error          string     `json:"error,omitempty"`
	Warnings       []string   `json:"warnings,omitempty"`
}

func newClaimsInspectCmd(c *cli) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "inspect FILE.wasm",
		Short: "Show and check the claims of an actor module",
		Long: `Show the claims embedded in an actor module and check them as a host would: signature,
expiry, not-before, module hash and key types. The claims are shown even when a check fails;
the command then exits with status 1 and says which check failed.`,
		Example: `  trellis claims inspect echo_s.wasm
  trellis claims inspect echo_s.wasm -o json`,
		Args: exactArgs(1, "one module file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			r, err := inspect(args[0], time.Now())
			if err != nil {
				return err
			}
			if err := printInspect(c, format, r); err != nil {
				return err
			}
			if !r.Valid {
				return fmt.Errorf("%s: claims are invalid: %s", r.File, r.Error)
			}
			return nil
		},
	}
	addFormatFlag(cmd, &format)
	return cmd
}

// inspect decodes and checks the claims of the module at path. It fails only if there are no
// claims to show; failed checks are recorded in the report.
func inspect(path string, now time.Time) (*inspectReport, error) {
	mod, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("inspect: %w", err)
	}
	token, err := claims.ExtractToken(mod)
	if err != nil {
		return nil, fmt.Errorf("inspect %s: %w", path, err)
	}
	a, err := claims.DecodeActor(token)
	if err != nil {
		return nil, fmt.Errorf("inspect %s: %w", path, err)
	}
	hash, err := claims.ModuleHash(mod)
	if err != nil {
		return nil, fmt.Errorf("inspect %s: %w", path, err)
	}
	r := &inspectReport{File: path, Name: a.Name, Subject: a.Subject, Issuer: a.Issuer, Caps: a.Caps, Tags: a.Tags,
		Rev: a.Rev, Ver: a.Ver, CallAlias: a.CallAlias, ClaimsHash: a.Hash, ModuleHash: hash,
		HashValid: strings.EqualFold(a.Hash, hash), SignatureValid: claims.CheckSignature(token) == nil,
		IssuedAt: a.IssuedAt, Expires: optionalTime(a.Expires), NotBefore: optionalTime(a.NotBefore),
		WascapRevision: a.WascapRevision}
	valid, err := claims.ValidateModule(mod, now)
	r.Valid = err == nil
	if err != nil {
		r.Error = err.Error()
	} else {
		r.Warnings = valid.Warnings
	}
	return r, nil
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func printInspect(c *cli, format string, r *inspectReport) error {
	if format == formatJSON {
		return writeJSON(c.out, r)
	}
	w := newTable(c.out)
	w.row("File", r.File)
	w.row("Name", r.Name)
	w.row("Module", r.Subject)
	w.row("Issuer", r.Issuer)
	w.row("Capabilities", strings.Join(r.Caps, ", "))
	w.row("Tags", strings.Join(r.Tags, ", "))
	w.row("Revision", fmt.Sprint(r.Rev))
	w.row("Version", r.Ver)
	w.row("Call alias", r.CallAlias)
	w.row("Issued", formatTime(&r.IssuedAt, "-"))
	w.row("Expires", formatTime(r.Expires, "never"))
	w.row("Not before", formatTime(r.NotBefore, "-"))
	w.row("Claims hash", r.ClaimsHash)
	w.row("Module hash", r.ModuleHash)
	w.row("Hash valid", yesNo(r.HashValid))
	w.row("Signature valid", yesNo(r.SignatureValid))
	valid := yesNo(r.Valid)
	if !r.Valid {
		valid += " (" + r.Error + ")"
	}
	w.row("Valid", valid)
	for _, warn := range r.Warnings {
		w.row("Warning", warn)
	}
	return w.flush()
}

func formatTime(t *time.Time, none string) string {
	if t == nil || t.IsZero() {
		return none
	}
	return t.UTC().Format(time.RFC3339)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// signFlags are the flags shared by claims sign and build.
type signFlags struct {
	name      string
	caps      []string
	tags      []string
	rev       int32
	ver       string
	callAlias string
	expires   string
	notBefore string
	issuer    string
	subject   string
	account   string
}

func (f *signFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.name, "name", "", "display name of the actor")
	fs.StringArrayVar(&f.caps, "cap", nil, "capability contract id the actor may use (repeatable), e.g. wasmcloud:httpserver")
	fs.StringArrayVar(&f.tags, "tag", nil, "tag (repeatable)")
	fs.Int32Var(&f.rev, "rev", 0, "revision number (0: hosts use the issue time)")
	fs.StringVar(&f.ver, "ver", "", "human-readable version, e.g. 1.0.0")
	fs.StringVar(&f.callAlias, "call-alias", "", "alias other actors can call it by (normalised: lower case, '_' for ' ', '-', '.')")
	fs.StringVar(&f.expires, "expires", "", "expire after this duration, e.g. 720h or 30d (default: never)")
	fs.StringVar(&f.notBefore, "not-before", "", "become valid only after this duration, e.g. 1h")
	fs.StringVar(&f.issuer, "issuer", "", "account seed (SA…) or file holding one (default: the --account key in the keys directory, created on first use)")
	fs.StringVar(&f.subject, "subject", "", "module seed (SM…), public key (M…) or seed file (default: <module name>_module.nk in the keys directory, created on first use)")
	fs.StringVar(&f.account, "account", "default", "name of the account key in the keys directory to sign with when --issuer is not given")
}

// signed describes a signing for the summary line.
type signed struct {
	module  []byte
	subject string
	issuer  string
}

// sign signs mod with the flags' claims. keyName names the per-module key used when --subject is
// not given; notes about created keys go to c.errOut.
func (f *signFlags) sign(c *cli, mod []byte, keyName string, now time.Time) (*signed, error) {
	// Check the module before any key is created for it.
	if _, err := wasmbin.Sections(mod); err != nil {
		return nil, err
	}
	ac := claims.ActorClaims{Name: f.name, Caps: f.caps, Tags: f.tags, Rev: f.rev, Ver: f.ver, CallAlias: f.callAlias}
	ac.IssuedAt = now
	var err error
	if ac.Expires, err = offset(now, f.expires, "--expires"); err != nil {
		return nil, err
	}
	if ac.NotBefore, err = offset(now, f.notBefore, "--not-before"); err != nil {
		return nil, err
	}
	issuer, err := f.issuerKey(c)
	if err != nil {
		return nil, err
	}
	subject, err := f.subjectKey(c, keyName)
	if err != nil {
		return nil, err
	}
	out, err := claims.SignModule(mod, ac, issuer, subject)
	if err != nil {
		return nil, err
	}
	return &signed{module: out, subject: subject, issuer: issuer.PublicKey()}, nil
}

func (f *signFlags) issuerKey(c *cli) (*claims.KeyPair, error) {
	if f.issuer != "" {
		kp, err := keyFromFlag(f.issuer, claims.PrefixAccount)
		if err != nil {
			return nil, fmt.Errorf("--issuer: %w", err)
		}
		return kp, nil
	}
	return defaultKey(c, f.account, claims.PrefixAccount)
}

func (f *signFlags) subjectKey(c *cli, keyName string) (string, error) {
	switch {
	case looksLikePublicKey(f.subject):
		if _, err := claims.DecodePublicAs(f.subject, claims.PrefixModule); err != nil {
			return "", fmt.Errorf("--subject: %w", err)
		}
		return f.subject, nil
	case f.subject != "":
		kp, err := keyFromFlag(f.subject, claims.PrefixModule)
		if err != nil {
			return "", fmt.Errorf("--subject: %w", err)
		}
		return kp.PublicKey(), nil
	}
	kp, err := defaultKey(c, keyName, claims.PrefixModule)
	if err != nil {
		return "", err
	}
	return kp.PublicKey(), nil
}

// defaultKey loads the saved key name of type p, creating it on first use.
func defaultKey(c *cli, name string, p claims.Prefix) (*claims.KeyPair, error) {
	dir, err := keysDir()
	if err != nil {
		return nil, err
	}
	kp, path, created, err := loadOrCreateKey(dir, name, p)
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(c.errOut, "Created %s key %s in %s\n", p, kp.PublicKey(), path)
	}
	return kp, nil
}

// offset returns now plus the duration in value ("" gives the zero time). Besides Go durations it
// accepts whole days, "30d".
func offset(now time.Time, value, flag string) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseDuration(value)
	if days, ok := strings.CutSuffix(value, "d"); ok && err != nil {
		n, nerr := strconv.Atoi(days)
		d, err = time.Duration(n)*24*time.Hour, nerr
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want a duration such as 90m, 720h or 30d", flag, value)
	}
	return now.Add(d), nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/trellis-lattice/trellis/internal/oci"
)

const (
	envOCIAllowLatest = "TRELLIS_OCI_ALLOW_LATEST"
	envOCIInsecure    = "TRELLIS_OCI_ALLOWED_INSECURE"
)

// ociFlags are the registry options push and pull share.
type ociFlags struct {
	insecure, allowLatest bool
	user, password        string
}

func (f *ociFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	allow := envBool(envOCIAllowLatest)
	fl.BoolVar(&f.insecure, "insecure", false, "reach this registry over plain HTTP (loopback registries always are; more in env "+envOCIInsecure+", comma-separated)")
	fl.BoolVar(&f.allowLatest, "allow-latest", allow, "allow the latest tag, or no tag (env "+envOCIAllowLatest+")")
	fl.StringVar(&f.user, "user", "", "registry user name (default: from the docker config, ~/.docker/config.json, else anonymous)")
	fl.StringVar(&f.password, "password", "", "registry password, with --user")
}

// client builds an OCI client for ref from the flags and environment, with a progress bar on
// stderr when stderr is a terminal. done must be called once the transfer is over.
func (f *ociFlags) client(c *cli, ref, verb string) (client *oci.Client, done func(), err error) {
	if (f.user == "") != (f.password == "") {
		return nil, nil, fmt.Errorf("--user and --password go together: give both, or neither to use the docker config")
	}
	r, err := oci.ParseRef(ref, true) // for the registry name only; latest is checked by the client
	if err != nil {
		return nil, nil, err
	}
	opts := oci.Options{AllowLatest: f.allowLatest, Insecure: envList(envOCIInsecure)}
	if f.insecure {
		opts.Insecure = append(opts.Insecure, r.Registry)
	}
	if f.user != "" {
		opts.Credentials = oci.Static(map[string]oci.Credential{r.Registry: {Username: f.user, Password: f.password}})
	}
	done = func() {}
	if isTerminal(c.errOut) {
		opts.Progress, done = progressBar(c.errOut, verb)
	}
	client, err = oci.New(opts)
	return client, done, err
}

// isTerminal reports whether w is a character device, so a progress bar can redraw itself.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar draws one transfer on w. The returned finish removes an unfinished bar (after an
// error) and waits for the last redraw.
func progressBar(w io.Writer, verb string) (progress func(total, done int64), finish func()) {
	// The caller has checked that w is a terminal; auto refresh makes mpb draw even where its
	// own check disagrees (and in tests).
	p := mpb.New(mpb.WithOutput(w), mpb.WithWidth(40), mpb.WithAutoRefresh())
	bar := p.AddBar(0,
		mpb.PrependDecorators(decor.Name(verb+" ", decor.WC{C: decor.DindentRight}), decor.CountersKibiByte("% .1f / % .1f")),
		mpb.AppendDecorators(decor.Percentage()))
	progress = func(total, done int64) {
		bar.SetCurrent(done)
		bar.SetTotal(total, done >= total) // complete the bar, which started with an unknown total
	}
	finish = func() {
		if !bar.Completed() {
			bar.Abort(true)
		}
		p.Wait()
	}
	return progress, finish
}

func newPushCmd(c *cli) *cobra.Command {
	var f ociFlags
	cmd := &cobra.Command{
		Use:   "push REF FILE",
		Short: "Push an actor or a provider archive to an OCI registry",
		Long: `Push a signed actor module (.wasm) or a provider archive (.par, .par.gz) to an OCI registry,
with the media types wasmCloud uses, and print the digest that pins it. The kind is told from
the file's first bytes. The latest tag is refused unless --allow-latest. Credentials come from
--user/--password, else the docker config (docker login), else none.`,
		Example: `  trellis push ghcr.io/acme/echo:0.1.0 build/echo_s.wasm
  trellis push localhost:5000/acme/kv:1.0.0 kv.par.gz
  trellis push registry.lan:5000/acme/echo:0.1.0 echo_s.wasm --insecure --user ci --password "$REG_PASSWORD"`,
		Args: exactArgs(2, "a reference and a file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return push(cmd.Context(), c, &f, args[0], args[1])
		},
	}
	f.register(cmd)
	return cmd
}

func push(ctx context.Context, c *cli, f *ociFlags, ref, file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("push: %w", err)
	}
	kind, err := oci.KindOf(data)
	if err != nil {
		return fmt.Errorf("push %s: %w", file, err)
	}
	client, done, err := f.client(c, ref, "push")
	if err != nil {
		return err
	}
	dgst, err := client.Push(ctx, ref, data, kind)
	done()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Pushed %s (%s, %d bytes)\nDigest: %s\n", ref, kind, len(data), dgst)
	return nil
}

func newPullCmd(c *cli) *cobra.Command {
	var f ociFlags
	var out string
	cmd := &cobra.Command{
		Use:   "pull REF",
		Short: "Pull an actor or a provider archive from an OCI registry",
		Long: `Pull an actor module or a provider archive from an OCI registry, check it against its digest,
write it to a file and print the digest that pins it. Without -o the file is named after the
repository: <name>.wasm for an actor, <name>.par.gz or <name>.par for a provider archive.
With -o - the content goes to stdout and the summary to stderr.`,
		Example: `  trellis pull ghcr.io/acme/echo:0.1.0
  trellis pull ghcr.io/acme/echo@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 -o echo.wasm
  trellis pull localhost:5000/acme/kv:1.0.0 -o - | tar tz`,
		Args: exactArgs(1, "one reference"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return pull(cmd.Context(), c, &f, args[0], out)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write, or - for stdout (default: named after the repository)")
	return cmd
}

func pull(ctx context.Context, c *cli, f *ociFlags, ref, out string) error {
	client, done, err := f.client(c, ref, "pull")
	if err != nil {
		return err
	}
	data, kind, dgst, err := client.Pull(ctx, ref)
	done()
	if err != nil {
		return err
	}
	if out == "" {
		out = defaultPullName(ref, kind, data)
	}
	summary := c.out
	if out == "-" {
		if _, err := c.out.Write(data); err != nil {
			return fmt.Errorf("pull: %w", err)
		}
		summary, out = c.errOut, "stdout"
	} else if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("pull: %w", err)
	}
	fmt.Fprintf(summary, "Pulled %s (%s, %d bytes) to %s\nDigest: %s\n", ref, kind, len(data), out, dgst)
	return nil
}

// defaultPullName names a pulled artifact after the last segment of its repository.
func defaultPullName(ref string, kind oci.Kind, data []byte) string {
	name := "artifact"
	if r, err := oci.ParseRef(ref, true); err == nil {
		name = path.Base(r.Repository)
	}
	switch {
	case kind == oci.KindActor:
		return name + ".wasm"
	case len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b:
		return name + ".par.gz"
	}
	return name + ".par"
}

// envList splits a comma-separated environment variable, dropping empty items.
func envList(name string) []string {
	var out []string
	for _, v := range strings.Split(os.Getenv(name), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// envBool reads a boolean environment variable; unset or unparsable is false.
func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

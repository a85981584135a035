package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/internal/deploy"
)

func newAppCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "app",
		Short: "Store, deploy and inspect declarative applications (manifests)",
		Long: `An application manifest (the wadm format: apiVersion core.oam.dev/v1beta1, kind Application)
describes actors, capability providers, their links and where they run (spread over host
labels). Manifests are stored with their versions in the lattice's JetStream; deploying one
makes the reconciler running inside 'trellis up' hosts bring the lattice in line with it, and
keep it there as hosts come and go.`,
		Example: `  trellis app put app.yaml
  trellis app deploy echo-app
  trellis app status echo-app
  trellis app undeploy echo-app`,
	}
	cmd.AddCommand(newAppPutCmd(c), newAppDeployCmd(c), newAppUndeployCmd(c), newAppListCmd(c), newAppGetCmd(c),
		newAppHistoryCmd(c), newAppStatusCmd(c), newAppDeleteCmd(c))
	return cmd
}

// appCmd is latticeCmd for commands that use the manifests store; --js-domain selects the
// JetStream domain that holds it.
func appCmd(cmd *cobra.Command, run func(ctx context.Context, s *session, st *deploy.Store, args []string) error) *cobra.Command {
	var domain string
	cmd = latticeCmd(cmd, func(ctx context.Context, s *session, args []string) error {
		js, err := newJetStream(s, domain)
		if err != nil {
			return err
		}
		st, err := deploy.OpenStore(ctx, js, s.lattice)
		if err != nil {
			return fmt.Errorf("%w (is JetStream enabled on the lattice's NATS server?)", err)
		}
		return run(ctx, s, st, args)
	})
	cmd.Flags().StringVar(&domain, "js-domain", os.Getenv("TRELLIS_JS_DOMAIN"), "JetStream domain of the lattice's metadata (env TRELLIS_JS_DOMAIN)")
	return cmd
}

func newJetStream(s *session, domain string) (jetstream.JetStream, error) {
	if domain != "" {
		return jetstream.NewWithDomain(s.nc, domain)
	}
	return jetstream.New(s.nc)
}

func newAppPutCmd(c *cli) *cobra.Command {
	var deployNow bool
	cmd := appCmd(&cobra.Command{
		Use:   "put FILE",
		Short: "Store a new version of an application manifest",
		Long: `Validate the manifest in FILE (YAML or JSON) and store it as a new version of its application.
A stored version never changes: to change an application, raise metadata.annotations.version.
With --deploy the version is deployed at once.`,
		Example: `  trellis app put app.yaml
  trellis app put app.yaml --deploy`,
		Args: exactArgs(1, "one manifest file"),
	}, func(ctx context.Context, s *session, st *deploy.Store, args []string) error {
		data, err := os.ReadFile(args[0])
		if err != nil {
			return fmt.Errorf("app put: %w", err)
		}
		m, err := st.Put(ctx, args[0], data)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Stored %s version %s\n", m.Metadata.Name, m.Version())
		if deployNow {
			if _, err := st.Deploy(ctx, m.Metadata.Name, m.Version()); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "Deploying %s version %s (trellis app status %s)\n", m.Metadata.Name, m.Version(), m.Metadata.Name)
		}
		return nil
	})
	cmd.Flags().BoolVar(&deployNow, "deploy", false, "deploy the stored version")
	return cmd
}

func newAppDeployCmd(c *cli) *cobra.Command {
	return appCmd(&cobra.Command{
		Use:   "deploy NAME [VERSION]",
		Short: "Deploy a stored application (the latest version by default)",
		Long: `Make VERSION (default: the latest stored) the deployed version of application NAME. The
reconciler starts, updates and stops what is needed; deploying a new version of a running
application live-updates its actors.`,
		Example: `  trellis app deploy echo-app
  trellis app deploy echo-app v2`,
		Args: rangeArgs(1, 2, "an application name and optionally a version"),
	}, func(ctx context.Context, s *session, st *deploy.Store, args []string) error {
		version := ""
		if len(args) == 2 {
			version = args[1]
		}
		v, err := st.Deploy(ctx, args[0], version)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Deploying %s version %s (trellis app status %s)\n", args[0], v, args[0])
		return nil
	})
}

func newAppUndeployCmd(c *cli) *cobra.Command {
	return appCmd(&cobra.Command{
		Use:   "undeploy NAME",
		Short: "Remove everything a deployed application runs",
		Long: `Undeploy application NAME: the reconciler stops the actors and providers it started and
deletes the links it made; nothing else is touched. The stored versions stay.`,
		Example: `  trellis app undeploy echo-app`,
		Args:    exactArgs(1, "an application name"),
	}, func(ctx context.Context, s *session, st *deploy.Store, args []string) error {
		if err := st.Undeploy(ctx, args[0]); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Undeploying %s\n", args[0])
		return nil
	})
}

// appSummary is a row of app list.
type appSummary struct {
	Name     string `json:"name"`
	Latest   string `json:"latest_version"`
	Deployed string `json:"deployed_version,omitempty"`
	State    string `json:"state,omitempty"`
	Message  string `json:"message,omitempty"`
}

func newAppListCmd(c *cli) *cobra.Command {
	return appCmd(&cobra.Command{
		Use:     "list",
		Short:   "List stored applications with their deployed version and state",
		Example: `  trellis app list`,
		Args:    exactArgs(0, "no arguments"),
	}, func(ctx context.Context, s *session, st *deploy.Store, _ []string) error {
		apps, err := st.List(ctx)
		if err != nil {
			return err
		}
		rows := []appSummary{}
		for _, a := range apps {
			row := appSummary{Name: a.Name, Deployed: a.Deployed, State: deploy.StateUndeployed}
			if v, ok := a.Find(""); ok {
				row.Latest = v.Version
			}
			if a.Deployed != "" {
				row.State = deploy.StateReconciling
				if status, err := st.Status(ctx, a.Name); err == nil && status != nil && status.Version == a.Deployed {
					row.State, row.Message = status.State, status.Message
				}
			}
			rows = append(rows, row)
		}
		if s.json() {
			return writeJSON(c.out, rows)
		}
		if len(rows) == 0 {
			fmt.Fprintln(c.out, "No applications. Store one with: trellis app put FILE")
			return nil
		}
		tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tLATEST\tDEPLOYED\tSTATE\tMESSAGE")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, r.Latest, orDash(r.Deployed), r.State, orDash(r.Message))
		}
		return tw.Flush()
	})
}

func newAppGetCmd(c *cli) *cobra.Command {
	return appCmd(&cobra.Command{
		Use:   "get NAME [VERSION]",
		Short: "Print a stored manifest (the latest version by default)",
		Example: `  trellis app get echo-app
  trellis app get echo-app v1 > app-v1.yaml`,
		Args: rangeArgs(1, 2, "an application name and optionally a version"),
	}, func(ctx context.Context, s *session, st *deploy.Store, args []string) error {
		app, err := st.Get(ctx, args[0])
		if err != nil {
			return err
		}
		version := ""
		if len(args) == 2 {
			version = args[1]
		}
		v, ok := app.Find(version)
		if !ok {
			return fmt.Errorf("application %s has no version %q", args[0], version)
		}
		if s.json() {
			return writeJSON(c.out, v)
		}
		_, err = fmt.Fprint(c.out, v.Source)
		if !strings.HasSuffix(v.Source, "\n") {
			fmt.Fprintln(c.out)
		}
		return err
	})
}

func newAppHistoryCmd(c *cli) *cobra.Command {
	return appCmd(&cobra.Command{
		Use:     "history NAME",
		Short:   "Show an application's stored versions and what was deployed when",
		Example: `  trellis app history echo-app`,
		Args:    exactArgs(1, "an application name"),
	}, func(ctx context.Context, s *session, st *deploy.Store, args []string) error {
		app, err := st.Get(ctx, args[0])
		if err != nil {
			return err
		}
		if s.json() {
			return writeJSON(c.out, app.History)
		}
		tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TIME\tACTION\tVERSION")
		for _, a := range app.History {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", a.At.Local().Format(time.DateTime), a.Action, a.Version)
		}
		return tw.Flush()
	})
}

func newAppStatusCmd(c *cli) *cobra.Command {
	return appCmd(&cobra.Command{
		Use:   "status NAME",
		Short: "Show the reconciler's state of an application and of each component",
		Long: `Show whether application NAME is Deployed (the lattice matches the manifest), Reconciling
(commands are on their way) or Failed (with the reason per component, e.g. no host has the
labels a spread requires).`,
		Example: `  trellis app status echo-app
  trellis app status echo-app -o json`,
		Args: exactArgs(1, "an application name"),
	}, func(ctx context.Context, s *session, st *deploy.Store, args []string) error {
		app, err := st.Get(ctx, args[0])
		if err != nil {
			return err
		}
		status, err := st.Status(ctx, args[0])
		if err != nil {
			return err
		}
		if status == nil || (app.Deployed != "" && status.Version != app.Deployed) {
			status = &deploy.Status{Name: app.Name, Version: app.Deployed, State: deploy.StateReconciling,
				Message: "no reconciler has reported on this version yet (is a trellis host running?)"}
		}
		if app.Deployed == "" && status.State != deploy.StateUndeployed {
			status.State = deploy.StateUndeployed
		}
		if s.json() {
			return writeJSON(c.out, status)
		}
		fmt.Fprintf(c.out, "%s version %s: %s", status.Name, orDash(status.Version), status.State)
		if status.Message != "" {
			fmt.Fprintf(c.out, " (%s)", status.Message)
		}
		fmt.Fprintln(c.out)
		if len(status.Components) > 0 {
			tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "COMPONENT\tSTATE\tMESSAGE")
			for _, cs := range status.Components {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", cs.Name, cs.State, orDash(cs.Message))
			}
			return tw.Flush()
		}
		return nil
	})
}

func newAppDeleteCmd(c *cli) *cobra.Command {
	return appCmd(&cobra.Command{
		Use:     "delete NAME",
		Short:   "Delete an undeployed application and all its versions",
		Example: `  trellis app delete echo-app`,
		Args:    exactArgs(1, "an application name"),
	}, func(ctx context.Context, s *session, st *deploy.Store, args []string) error {
		if err := st.Delete(ctx, args[0]); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Deleted %s\n", args[0])
		return nil
	})
}

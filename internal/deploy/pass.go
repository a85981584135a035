package deploy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
	"github.com/trellis-lattice/trellis/internal/deploy/plan"
)

// pass compares every application with the lattice once and sends the commands that close the
// gap. It reports whether it sent any (the caller then waits for their outcome and looks again).
func (r *Reconciler) pass(ctx context.Context) (sent bool, err error) {
	apps, err := r.store.List(ctx)
	if err != nil {
		return false, err
	}
	invs, links, err := r.observe(ctx)
	if err != nil {
		return false, err
	}
	lat := plan.NewLattice(plan.Observed{Hosts: invs, Links: links})
	byName := map[string]*App{}
	names := map[string]bool{}
	for _, a := range apps {
		byName[a.Name] = a
		if a.Deployed != "" {
			names[a.Name] = true
		}
	}
	// Applications that are no longer deployed (or were deleted) but still run something.
	for _, inv := range invs {
		for _, a := range inv.Actors {
			for _, inst := range a.Instances {
				if name := managedApp(inst.Annotations); name != "" {
					names[name] = true
				}
			}
		}
		for _, p := range inv.Providers {
			if name := managedApp(p.Annotations); name != "" {
				names[name] = true
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		app := byName[name]
		var m *manifest.Application
		if app != nil && app.Deployed != "" {
			if m, err = app.Manifest(app.Deployed); err != nil {
				r.putStatus(ctx, &Status{Name: name, Version: app.Deployed, State: StateFailed, Message: "stored manifest is invalid: " + err.Error()})
				continue
			}
		}
		p := lat.Plan(m, name)
		n := r.execute(ctx, name, p.Commands)
		sent = sent || n > 0
		r.report(ctx, name, app, m, p)
	}
	return sent, nil
}

// managedApp returns the application that manages a resource with annotations, "" for none.
func managedApp(annotations map[string]string) string {
	if annotations[plan.AnnotationManagedBy] != plan.ManagedBy {
		return ""
	}
	return annotations[plan.AnnotationAppSpec]
}

// execute sends cmds; it returns how many were sent. Commands of a component whose last
// command failed wait for its back-off to pass.
func (r *Reconciler) execute(ctx context.Context, app string, cmds []plan.Command) int {
	sent := 0
	for _, cmd := range cmds {
		if _, wait := r.failureOf(app, cmd.Component); wait {
			continue
		}
		if err := r.send(ctx, app, cmd); err != nil {
			r.failed(app, cmd.Component, err.Error())
			r.log.Warn("command refused", "app", app, "component", cmd.Component, "command", cmd.String(), "err", err)
			continue
		}
		r.log.Info("reconciler", "app", app, "component", cmd.Component, "command", cmd.String(), "reason", cmd.Reason)
		r.sent.Add(1)
		sent++
	}
	return sent
}

// send sends one command. Starts and updates are tracked until their outcome event arrives.
func (r *Reconciler) send(ctx context.Context, app string, cmd plan.Command) error {
	c := r.cfg.Client
	ack := func(a ctl.CtlOperationAck, err error) error {
		if err != nil {
			return err
		}
		if !a.Accepted {
			return fmt.Errorf("host refused: %s", a.Error)
		}
		return nil
	}
	tracked := func(host, what string, fn func(cid string) error) error {
		cid := uuid.NewString()
		r.track(cid, app, cmd.Component, host, what)
		if err := fn(cid); err != nil {
			r.resolve(cid, "") // nothing will come
			return err
		}
		return nil
	}
	switch cmd.Kind {
	case plan.KindStartActor:
		s := cmd.StartActor
		return tracked(s.HostID, cmd.String(), func(cid string) error {
			return ack(c.StartActor(ctx, s.HostID, ctl.StartActorCommand{ActorRef: s.Ref, Count: s.Count, Annotations: s.Annotations, CorrelationID: cid}))
		})
	case plan.KindStopActor:
		s := cmd.StopActor
		return ack(c.StopActor(ctx, s.HostID, ctl.StopActorCommand{ActorRef: s.ActorID, Count: s.Count, Annotations: s.Annotations}))
	case plan.KindUpdateActor:
		u := cmd.UpdateActor
		err := tracked(u.HostID, cmd.String(), func(cid string) error {
			return ack(c.UpdateActor(ctx, u.HostID, ctl.UpdateActorCommand{ActorID: u.ActorID, NewActorRef: u.NewRef, CorrelationID: cid}))
		})
		if err != nil {
			// A live update needs the same actor (key) with a higher revision; otherwise replace the
			// component's instances on that host: the next pass starts them from the new image.
			r.log.Warn("live update refused; replacing the instances instead", "app", app, "component", cmd.Component, "host", u.HostID, "err", err)
			return ack(c.StopActor(ctx, u.HostID, ctl.StopActorCommand{ActorRef: u.ActorID,
				Annotations: map[string]string{plan.AnnotationAppSpec: app, plan.AnnotationComponent: cmd.Component}}))
		}
		return nil
	case plan.KindStartProvider:
		s := cmd.StartProvider
		return tracked(s.HostID, cmd.String(), func(cid string) error {
			return ack(c.StartProvider(ctx, s.HostID, ctl.StartProviderCommand{ProviderRef: s.Ref, LinkName: s.LinkName, Configuration: s.Config,
				Annotations: s.Annotations, CorrelationID: cid}))
		})
	case plan.KindStopProvider:
		s := cmd.StopProvider
		return ack(c.StopProvider(ctx, s.HostID, ctl.StopProviderCommand{ProviderRef: s.ProviderID, LinkName: s.LinkName, ContractID: s.Contract}))
	case plan.KindPutLink:
		return ack(c.PutLink(ctx, ctl.PutLinkCommand{LinkDefinition: cmd.PutLink.Link}))
	case plan.KindDeleteLink:
		d := cmd.DeleteLink
		return ack(c.DeleteLink(ctx, ctl.DeleteLinkCommand{ActorID: d.ActorID, ContractID: d.Contract, LinkName: d.LinkName}))
	}
	return fmt.Errorf("unknown command kind %v", cmd.Kind)
}

// report records an application's status from its plan and the failures of its commands. It
// writes only when something changed, so a steady lattice causes no writes.
func (r *Reconciler) report(ctx context.Context, name string, app *App, m *manifest.Application, p plan.Plan) {
	st := &Status{Name: name, State: StateDeployed}
	if m == nil {
		st.State = StateUndeployed
		if len(p.Commands) > 0 {
			st.Message = "removing what it ran"
		}
	} else {
		st.Version = m.Version()
	}
	failedN, pendingN := 0, 0
	for _, cs := range p.Status {
		c := ComponentStatus{Name: cs.Component, State: string(cs.State), Message: cs.Message}
		if f, _ := r.failureOf(name, cs.Component); f != nil && cs.State != plan.Deployed {
			c.State, c.Message = StateFailed, f.message
		}
		switch c.State {
		case StateFailed:
			failedN++
		case StateReconciling:
			pendingN++
		}
		st.Components = append(st.Components, c)
	}
	if m != nil {
		switch {
		case failedN > 0:
			st.State = StateFailed
			st.Message = fmt.Sprintf("%d of %d components failed", failedN, len(st.Components))
		case pendingN > 0 || len(p.Commands) > 0:
			st.State = StateReconciling
		}
	}
	if app == nil && m == nil && len(p.Commands) == 0 {
		return // deleted and cleaned up: nothing to report
	}
	r.putStatus(ctx, st)
}

func (r *Reconciler) putStatus(ctx context.Context, st *Status) {
	r.mu.Lock()
	last := r.statuses[st.Name]
	same := last != nil && last.State == st.State && last.Version == st.Version && last.Message == st.Message &&
		slices.Equal(last.Components, st.Components)
	r.mu.Unlock()
	if same {
		return
	}
	st.Updated = time.Now().UTC()
	if err := r.store.PutStatus(ctx, st); err != nil {
		r.log.Warn("write status", "app", st.Name, "err", err)
		return
	}
	r.mu.Lock()
	r.statuses[st.Name] = st
	r.mu.Unlock()
	msg := st.State
	if st.Message != "" {
		msg += ": " + st.Message
	}
	var failed []string
	for _, c := range st.Components {
		if c.State == StateFailed {
			failed = append(failed, c.Name+" ("+c.Message+")")
		}
	}
	r.log.Info("application status", "app", st.Name, "version", st.Version, "state", msg, "failed", strings.Join(failed, "; "))
}

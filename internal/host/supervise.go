package host

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/core"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/provider"
)

// providerSubject is the provider's RPC subject; its control subjects hang below it.
func (h *Host) providerSubject(e *providerEntry) string {
	return lattice.ProviderSubject(h.cfg.Lattice, e.key, e.link)
}

// launch starts an instance of e and waits until it answers on its health subject. An instance
// that exits first, or does not answer within ProviderStartTimeout, is killed and reported with
// its last output.
func (h *Host) launch(ctx context.Context, e *providerEntry) (providerInstance, error) {
	inst, err := h.startInstance(e)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, h.cfg.ProviderStartTimeout)
	defer cancel()
	subject := h.providerSubject(e) + ".health"
	req := provider.HealthRequest(h.ID())
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		rctx, rcancel := context.WithTimeout(ctx, 500*time.Millisecond)
		_, err := h.nc.RequestWithContext(rctx, subject, req)
		rcancel()
		if err == nil {
			return inst, nil
		}
		select {
		case <-inst.Done():
			return nil, withOutput(fmt.Errorf("provider exited during start-up (%s)", inst.Reason()), inst)
		case <-ctx.Done():
			inst.Kill()
			<-inst.Done()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, withOutput(fmt.Errorf("provider did not answer on %s within %s", subject, h.cfg.ProviderStartTimeout), inst)
			}
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// withOutput appends an instance's last output lines to err.
func withOutput(err error, inst providerInstance) error {
	if out := inst.Output(); out != "" {
		return fmt.Errorf("%w; its last output:\n%s", err, out)
	}
	return err
}

// stopInstance asks the instance to shut down on its shutdown subject, waits for it to end and
// kills it when it does not end in time (PROTOCOL.md §3.5).
func (h *Host) stopInstance(e *providerEntry, inst providerInstance) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	_, err := h.nc.RequestWithContext(ctx, h.providerSubject(e)+".shutdown", []byte(`{"host_id":"`+h.ID()+`"}`))
	cancel()
	if err != nil && !errors.Is(err, nats.ErrNoResponders) {
		e.log.Warn("provider did not answer the shutdown request", "err", err)
	}
	select {
	case <-inst.Done():
		return
	case <-time.After(h.cfg.ProviderStopTimeout):
		e.log.Warn("provider did not stop in time: killing it", "timeout", h.cfg.ProviderStopTimeout)
	}
	inst.Kill()
	<-inst.Done()
}

// supervise runs e until StopProvider asks it to stop: it checks health every
// ProviderHealthInterval and restarts an instance that ends on its own, with exponential
// back-off between attempts (reset once an instance has run for ProviderRestartMaxBackoff).
func (h *Host) supervise(e *providerEntry, inst providerInstance) {
	defer close(e.finished)
	h.checkHealth(e)
	tick := time.NewTicker(h.cfg.ProviderHealthInterval)
	defer tick.Stop()
	started, failures := time.Now(), 0
	for {
		select {
		case <-e.stop:
			h.stopInstance(e, inst)
			return
		case <-tick.C:
			h.checkHealth(e)
		case <-inst.Done():
			if time.Since(started) >= h.cfg.ProviderRestartMaxBackoff {
				failures = 0
			}
			next, ok := h.restart(e, inst, &failures)
			if !ok {
				return
			}
			inst, started = next, time.Now()
			h.checkHealth(e)
		}
	}
}

// restart replaces the ended instance dead, retrying with back-off until an instance starts or
// the provider is asked to stop (then ok is false). Each death and each failed attempt is
// published: provider_stopped with the exit reason and the delay, provider_start_failed for an
// attempt that failed; a new instance is announced with provider_started.
func (h *Host) restart(e *providerEntry, dead providerInstance, failures *int) (providerInstance, bool) {
	reason := "exited unexpectedly (" + dead.Reason() + ")"
	output := dead.Output()
	for {
		delay := min(h.cfg.ProviderRestartBackoff<<min(*failures, 20), h.cfg.ProviderRestartMaxBackoff)
		*failures++
		e.mu.Lock()
		e.healthy, e.checked, e.restarts = false, false, e.restarts+1
		n, id := e.restarts, e.instanceID
		e.mu.Unlock()
		h.publishEvent(ctl.EventProviderStopped, ctl.ProviderStopped{PublicKey: e.key, LinkName: e.link, ContractID: e.contract,
			InstanceID: id, Annotations: e.annotations, Reason: fmt.Sprintf("%s; restart %d in %s", reason, n, delay)})
		e.log.Error("provider ended; restarting", "reason", reason, "restart", n, "delay", delay, "output", output)
		select {
		case <-e.stop:
			return nil, false
		case <-time.After(delay):
		}
		ctx, cancel := context.WithCancel(h.runCtx)
		go func() {
			select {
			case <-e.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		inst, err := h.launch(ctx, e)
		cancel()
		if err == nil {
			h.publishStarted(e, "")
			e.log.Info("provider restarted", "instance", e.instance(), "restart", n)
			return inst, true
		}
		select {
		case <-e.stop:
			return nil, false
		default:
		}
		h.publishEvent(ctl.EventProviderStartFailed, ctl.ProviderStartFailed{ProviderRef: e.ref, LinkName: e.link,
			Error: fmt.Sprintf("restart %d: %v", n, err)})
		reason, output = "restart failed: "+err.Error(), ""
	}
}

// checkHealth asks the provider for its health (PROTOCOL.md §3.4, but the healthy flag counts:
// healthy:false is unhealthy) and publishes health_check_passed when it became healthy,
// health_check_failed when it became unhealthy (also on the first check of an instance) and
// health_check_status otherwise.
func (h *Host) checkHealth(e *providerEntry) {
	ctx, cancel := context.WithTimeout(h.runCtx, h.cfg.RPCTimeout)
	defer cancel()
	msg, err := h.nc.RequestWithContext(ctx, h.providerSubject(e)+".health", provider.HealthRequest(h.ID()))
	healthy, why := false, ""
	if err != nil {
		why = "no answer to the health check: " + err.Error()
	} else {
		var resp core.HealthCheckResponse
		if err := resp.UnmarshalMsg(msg.Data); err != nil {
			why = "malformed health reply: " + err.Error()
		} else {
			healthy = resp.Healthy
			if resp.Message != nil {
				why = *resp.Message
			}
		}
	}
	if h.runCtx.Err() != nil {
		return
	}
	e.mu.Lock()
	was, first := e.healthy, !e.checked
	e.healthy, e.checked = healthy, true
	e.mu.Unlock()
	event := ctl.EventHealthCheckStatus
	switch {
	case healthy && (!was || first):
		event = ctl.EventHealthCheckPassed
	case !healthy && (was || first):
		event = ctl.EventHealthCheckFailed
		e.log.Warn("provider unhealthy", "reason", why)
	}
	if !healthy && event == ctl.EventHealthCheckStatus {
		e.log.Warn("provider still unhealthy", "reason", why)
	}
	h.publishEvent(event, ctl.HealthCheck{PublicKey: e.key, ContractID: e.contract, LinkName: e.link, Healthy: healthy, Message: why})
}

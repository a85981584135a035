// Package plan is the deployment planner: a pure function from one application's manifest
// and a snapshot of the lattice to the control-interface commands that make the lattice
// match the manifest, plus the status of each component.
//
//	p := plan.Compute(app, "shop", plan.Observed{Hosts: inventories, Links: links})
//	for _, c := range p.Commands { /* send c over the control interface */ }
//
// It does no I/O, reads no clock and keeps no state: the reconciler in internal/deploy
// gathers host inventories and links, calls Compute (or NewLattice once and Lattice.Plan per
// application), sends the commands, waits for events and plans again. The same input always
// gives the same plan, commands in the same order. The planner does not validate manifests
// (package manifest does), send commands, retry them or watch what they do; a command that
// fails is simply planned again next round.
//
// # Ownership
//
// Everything the planner starts carries the annotations
//
//	wasmcloud.dev/managed-by: trellis
//	wasmcloud.dev/appspec:    <application name>
//	trellis.dev/component:    <component name>
//	trellis.dev/spread:       <spread name>
//
// A scaler without spreads has one implicit spread named "default" that every host matches;
// a component without a scaler runs nothing. The planner counts, stops and updates only
// actor instances and providers whose managed-by and appspec annotations name it and this
// application. Unmanaged resources and other applications' are never stopped or counted
// (for the one case where a host updates them along, see Actors). They still take room: a
// host runs one provider per (public key, link name), so a host already running a provider
// from the same image repository (or with a key the component's image is known to have)
// under the same link name, for anyone else, is not eligible for the component.
//
// # Spreads
//
// A host is eligible for a spread when its labels contain every requirement pair and none of
// the anti_requirements pairs. A spreadscaler's replicas R are divided over its spreads by
// weight w: spread i gets floor(R·wᵢ/Σw), and the remainder goes one each to the spreads
// with the largest fractional part of R·wᵢ/Σw, ties to the larger weight, then manifest
// order (see Shares). When every weight is zero the spreads weigh the same; when only some
// are zero, those get nothing. So 6 replicas over weights 50/30/20 are 3/2/1, 7 over 40/40/20
// are 3/3/1 and 7 over three equal spreads are 3/2/2. Spreads are independent: a host that
// matches two spreads runs the instances of both, each counted by its spread annotation.
//
// # Actors
//
// Spreadscaler: within a spread, the planner counts the instances annotated with the
// application, component and spread on each eligible host, whatever image they run. It
// keeps instances where they are; if the spread has fewer than its share it adds them one at
// a time on the eligible host with the fewest, if more it removes them one at a time from
// the host with the most, ties going to the lower host ID. A spread whose count is right is
// left alone even if it is uneven (no rebalancing), so planning again over the result gives
// no commands. Instances on hosts that no longer match their spread, of spreads no longer in
// the manifest, or of components no longer in it are stopped.
//
// Daemonscaler: replicas instances per spread on every eligible host of that spread.
//
// Image changes: when the managed instances of an actor on a host run another image than the
// manifest's, the planner sends one UpdateActor for that actor on that host (a live update,
// no downtime), unless the plan's stops leave none of them there. A live update keeps the
// actor's public key: when some host already runs the new image under another key, the
// instances are stopped and started afresh from it instead. When the new image's key is not
// known yet, the update is sent and the host refuses it if the key differs; the reconciler
// then stops those instances and the next plan starts them from the new image.
//
// A host updates an actor as a whole, every instance of it. Unmanaged instances of the same
// actor on that host are updated along with the application's (the command's Reason says
// so): they keep running, and their code moves to a newer revision of the same signed actor.
// When the actor also runs instances of another component or application, the planner does
// not update it (the other planner would update it back) and reports the component Failed.
//
// # Capability providers
//
// A host runs at most one copy of a capability component. Spreadscaler: replicas is the
// number of hosts to run it on, divided over spreads as above. Daemonscaler: a copy on every
// eligible host (replicas 0 stops it everywhere). A copy is recognised by its annotations
// (application and component). Copies on eligible hosts are kept; surplus copies on the
// lowest host IDs are stopped; new copies go on the eligible hosts that have none, in host
// ID order; a host already used by an earlier spread of the same component is not used
// again. A kept copy running another image or link name than the manifest's is replaced on
// the same host: StopProvider, then StartProvider. StartProvider carries
// properties.config as JSON ("" without config). Configuration changes alone are not seen,
// because host inventories do not report configuration.
//
// # Links
//
// For each linkdef trait of an actor component, once both ends run (the actor's public key
// is the ID of an actor with the component's managed instances; the provider's is the ID of
// a managed copy of the target running under its link name, preferring one that runs the
// desired image), the planner wants the link
//
//	{ActorID, ProviderID, ContractID: target contract, LinkName: target link_name, Values}
//
// for every such actor key, and sends PutLink when the link (actor, contract, link name) is
// missing or has another provider or other values. Until both ends run, the actor component
// is Reconciling. Links of an actor key whose instances still run another image (an update or
// replacement is under way) are kept but not put until the key runs the new image. Links are
// per actor key: when two components run the same key, the one running its own image wins,
// then manifest order. A link belongs to the application when its actor is one of the
// application's actors and its provider one of the application's providers under the link's
// name; those the manifest does not want (linkdef removed, component removed, application
// undeployed) are deleted with DeleteLink. Other links are never touched.
//
// # Order
//
// Commands come in phases: DeleteLink, then stops (StopActor, StopProvider), then
// UpdateActor, then starts (StartProvider, StartActor), then PutLink. Within a phase they
// follow the manifest's component order (removed components after, by name), and within a
// component its spreads and hosts in order. Every Command names the Component it serves. Hosts are freed before anything is started on them; a link is deleted
// before its ends stop.
//
// # Status
//
// Each manifest component gets a ComponentStatus, in manifest order: Failed when the lattice
// cannot satisfy it, with the reasons (a spread no host matches, `spread "zone-c": no host
// has labels zone=c`; no hosts at all; every eligible host already running a copy of the
// provider outside the application; fewer eligible hosts than a provider spread needs; an
// update blocked by another component's instances) — whatever can be done is still
// planned; otherwise Reconciling when the plan has commands for it or one of its links
// waits; otherwise Deployed. Removed components with something still running are listed after, Reconciling.
//
// # Convergence
//
// Applying a plan and planning again converges: the first round starts, stops and updates,
// the second puts the links whose ends have just started, the third is empty. A third round
// with commands can happen when two components of the application want the same provider
// and link name on one host (one stops before the other can start), and a fourth when a host
// refuses a live update to an image that turns out to be another actor. The test suite
// checks this with a simulated lattice over many random hosts, labels, manifests and changes
// (at most 3 rounds with commands, 4 after a refused update), then that planning again
// gives nothing.
package plan

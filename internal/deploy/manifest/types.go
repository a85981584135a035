package manifest

// APIVersion and Kind are the only values of apiVersion and kind a manifest may have.
const (
	APIVersion = "core.oam.dev/v1beta1"
	Kind       = "Application"
)

// Component types.
const (
	TypeActor      = "actor"
	TypeCapability = "capability"
)

// Trait types.
const (
	TraitSpreadScaler = "spreadscaler"
	TraitDaemonScaler = "daemonscaler"
	TraitLinkDef      = "linkdef"
)

// VersionAnnotation is the metadata annotation holding an application's version.
const VersionAnnotation = "version"

// Application is a parsed and validated manifest (the wadm application format).
type Application struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Metadata   Metadata `json:"metadata"`
	Spec       Spec     `json:"spec"`
}

// Metadata names an application.
type Metadata struct {
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
}

// Version is the application's version annotation.
func (a *Application) Version() string { return a.Metadata.Annotations[VersionAnnotation] }

// Spec lists an application's components.
type Spec struct {
	Components []Component `json:"components"`
}

// Component is one actor or capability provider of an application.
type Component struct {
	Name       string     `json:"name"`
	Type       string     `json:"type"` // TypeActor or TypeCapability
	Properties Properties `json:"properties"`
	Traits     []Trait    `json:"traits,omitempty"`
}

// Properties say what a component runs.
type Properties struct {
	// Image is an OCI reference or file:// URL; for capabilities also a built-in provider name.
	Image string `json:"image"`
	// Contract is the capability's contract id (capabilities only).
	Contract string `json:"contract,omitempty"`
	// LinkName is the capability's link name; "default" when empty (capabilities only).
	LinkName string `json:"link_name,omitempty"`
	// Config is the capability's configuration, passed to it as a JSON string.
	Config map[string]any `json:"config,omitempty"`
}

// Trait is a scaler or a link definition attached to a component. Exactly one of its
// property pointers is set, matching Type.
type Trait struct {
	Type   string        `json:"type"`
	Spread *SpreadScaler `json:"-"`
	Daemon *DaemonScaler `json:"-"`
	Link   *LinkDef      `json:"-"`
}

// SpreadScaler runs Replicas instances in total (for a capability: on Replicas hosts),
// divided over the spreads by weight.
type SpreadScaler struct {
	Replicas int      `json:"replicas"`
	Spread   []Spread `json:"spread,omitempty"`
}

// DaemonScaler runs Replicas instances (for a capability: one) on every host that matches a
// spread (every host when there is none).
type DaemonScaler struct {
	Replicas int      `json:"replicas"`
	Spread   []Spread `json:"spread,omitempty"`
}

// Spread is a set of eligible hosts: those whose labels contain every Requirements pair and
// none of the AntiRequirements pairs (a Trellis extension: anti-affinity).
type Spread struct {
	Name             string            `json:"name"`
	Requirements     map[string]string `json:"requirements,omitempty"`
	AntiRequirements map[string]string `json:"anti_requirements,omitempty"`
	// Weight is the spread's share of the replicas relative to the other spreads' weights.
	// Zero means not given: then every spread of the scaler is weighted equally.
	Weight int `json:"weight,omitempty"`
}

// LinkDef links an actor component to the capability component Target with Values.
type LinkDef struct {
	Target string            `json:"target"`
	Values map[string]string `json:"values,omitempty"`
}

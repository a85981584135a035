package ctl

// The data of each event type (PROTOCOL.md §6.2, §6.3, §2.11). Every struct carries an optional
// CorrelationID (Trellis extension): the correlation id of the command that caused the event.

// HostStarted is the data of host_started.
type HostStarted struct {
	Labels        map[string]string `json:"labels"`
	FriendlyName  string            `json:"friendly_name"`
	UptimeSeconds uint64            `json:"uptime_seconds"`
	Version       string            `json:"version"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// HostStopped is the data of host_stopped.
type HostStopped struct {
	Labels        map[string]string `json:"labels"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// HostHeartbeat is the data of host_heartbeat (v0.60+ shape) and, in Trellis, the value of a
// host's membership record (HostRecord). HostID and Lattice are Trellis additions so the
// record stands on its own.
type HostHeartbeat struct {
	// Actors maps actor public keys to their instance counts.
	Actors        map[string]int      `json:"actors"`
	Providers     []HeartbeatProvider `json:"providers"`
	Labels        map[string]string   `json:"labels"`
	FriendlyName  string              `json:"friendly_name"`
	Version       string              `json:"version"`
	UptimeSeconds uint64              `json:"uptime_seconds"`
	UptimeHuman   string              `json:"uptime_human"`
	HostID        string              `json:"host_id,omitempty"`
	Lattice       string              `json:"lattice,omitempty"`
	CorrelationID string              `json:"correlation_id,omitempty"`
}

// HeartbeatProvider is a provider instance in a heartbeat.
type HeartbeatProvider struct {
	PublicKey string `json:"public_key"`
	LinkName  string `json:"link_name"`
	// ContractID is "n/a" when the host has no claims for the provider.
	ContractID string `json:"contract_id"`
}

// ActorEventClaims summarises an actor's claims in actor events.
type ActorEventClaims struct {
	CallAlias      string   `json:"call_alias"`
	Caps           []string `json:"caps"`
	Issuer         string   `json:"issuer"`
	Tags           []string `json:"tags"`
	Name           string   `json:"name"`
	Version        string   `json:"version"`
	Revision       int      `json:"revision"`
	NotBeforeHuman string   `json:"not_before_human"`
	ExpiresHuman   string   `json:"expires_human"`
}

// ProviderEventClaims summarises a provider's claims in provider_started.
type ProviderEventClaims struct {
	Issuer         string   `json:"issuer"`
	Tags           []string `json:"tags"`
	Name           string   `json:"name"`
	Version        string   `json:"version"`
	NotBeforeHuman string   `json:"not_before_human"`
	ExpiresHuman   string   `json:"expires_human"`
}

// ActorStarted is the data of actor_started, one per instance.
type ActorStarted struct {
	PublicKey string `json:"public_key"`
	ImageRef  string `json:"image_ref"`
	// APIVersion is "n/a".
	APIVersion    string            `json:"api_version"`
	InstanceID    string            `json:"instance_id"`
	Annotations   map[string]string `json:"annotations"`
	Claims        ActorEventClaims  `json:"claims"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// ActorsStarted is the data of actors_started, once per start request.
type ActorsStarted struct {
	PublicKey     string            `json:"public_key"`
	ImageRef      string            `json:"image_ref"`
	Annotations   map[string]string `json:"annotations"`
	HostID        string            `json:"host_id"`
	Claims        ActorEventClaims  `json:"claims"`
	Count         int               `json:"count"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// ActorStartFailed is the data of actor_start_failed.
type ActorStartFailed struct {
	ActorRef      string `json:"actor_ref"`
	Error         string `json:"error"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// ActorsStartFailed is the data of actors_start_failed.
type ActorsStartFailed struct {
	// PublicKey is "N/A" when the module could not be read.
	PublicKey     string            `json:"public_key"`
	ImageRef      string            `json:"image_ref"`
	Annotations   map[string]string `json:"annotations"`
	HostID        string            `json:"host_id"`
	Error         string            `json:"error"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// ActorStopped is the data of actor_stopped, one per instance.
type ActorStopped struct {
	PublicKey     string            `json:"public_key"`
	InstanceID    string            `json:"instance_id"`
	Annotations   map[string]string `json:"annotations"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// ActorsStopped is the data of actors_stopped, once per stop or scale-down.
type ActorsStopped struct {
	HostID    string `json:"host_id"`
	PublicKey string `json:"public_key"`
	Count     int    `json:"count"`
	// Remaining is how many instances still run on the host.
	Remaining     int               `json:"remaining"`
	Annotations   map[string]string `json:"annotations"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// ActorUpdated is the data of actor_updated, one per instance.
type ActorUpdated struct {
	PublicKey     string `json:"public_key"`
	Revision      int    `json:"revision"`
	InstanceID    string `json:"instance_id"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// ActorUpdateFailed is the data of actor_update_failed, one per instance.
type ActorUpdateFailed struct {
	PublicKey     string `json:"public_key"`
	Revision      int    `json:"revision"`
	InstanceID    string `json:"instance_id"`
	Reason        string `json:"reason"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// ProviderStarted is the data of provider_started (process spawned, not yet healthy).
type ProviderStarted struct {
	PublicKey     string              `json:"public_key"`
	ImageRef      string              `json:"image_ref"`
	LinkName      string              `json:"link_name"`
	ContractID    string              `json:"contract_id"`
	InstanceID    string              `json:"instance_id"`
	Annotations   map[string]string   `json:"annotations"`
	Claims        ProviderEventClaims `json:"claims"`
	CorrelationID string              `json:"correlation_id,omitempty"`
}

// ProviderStartFailed is the data of provider_start_failed.
type ProviderStartFailed struct {
	ProviderRef   string `json:"provider_ref"`
	LinkName      string `json:"link_name"`
	Error         string `json:"error"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// ProviderStopped is the data of provider_stopped.
type ProviderStopped struct {
	PublicKey   string            `json:"public_key"`
	LinkName    string            `json:"link_name"`
	ContractID  string            `json:"contract_id"`
	InstanceID  string            `json:"instance_id"`
	Annotations map[string]string `json:"annotations"`
	// Reason is "normal" for a requested stop, otherwise the exit reason.
	Reason        string `json:"reason"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// HealthCheck is the data of health_check_passed, health_check_failed and health_check_status.
// Healthy and Message are Trellis additions: the result of the check and the provider's
// explanation (or why it did not answer).
type HealthCheck struct {
	PublicKey     string `json:"public_key"`
	ContractID    string `json:"contract_id"`
	LinkName      string `json:"link_name"`
	Healthy       bool   `json:"healthy"`
	Message       string `json:"message,omitempty"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// LinkdefEvent is the data of linkdef_set and linkdef_deleted.
type LinkdefEvent struct {
	ID            string            `json:"id"`
	ActorID       string            `json:"actor_id"`
	ProviderID    string            `json:"provider_id"`
	LinkName      string            `json:"link_name"`
	ContractID    string            `json:"contract_id"`
	Values        map[string]string `json:"values"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// RefmapSet is the data of refmap_set.
type RefmapSet struct {
	OCIURL        string `json:"oci_url"`
	PublicKey     string `json:"public_key"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// InvocationEntity names the source or destination of an invocation in invocation events.
// ContractID and LinkName are empty (null on the wire from wasmCloud 0.x hosts) for actors.
type InvocationEntity struct {
	PublicKey  string `json:"public_key"`
	ContractID string `json:"contract_id"`
	LinkName   string `json:"link_name"`
}

// InvocationEvent is the data of invocation_succeeded and invocation_failed (PROTOCOL.md §2.11).
type InvocationEvent struct {
	Source    InvocationEntity `json:"source"`
	Dest      InvocationEntity `json:"dest"`
	Operation string           `json:"operation"`
	// Bytes is the payload size.
	Bytes         uint64 `json:"bytes"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// LabelsChanged is the data of labels_changed (Trellis extension): the host's labels after a
// label_put or label_del.
type LabelsChanged struct {
	HostID        string            `json:"host_id"`
	Labels        map[string]string `json:"labels"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

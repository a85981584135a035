package ctl

// CtlOperationAck is a host's answer to a command (PROTOCOL.md §5.2). Accepted false means the
// command was refused and Error says why; for asynchronous commands (la, lp, scale) Accepted
// true only means the command was understood, and the outcome arrives as events.
type CtlOperationAck struct {
	Accepted bool   `json:"accepted"`
	Error    string `json:"error"`
	// CorrelationID echoes the command's correlation id (Trellis extension; wasmCloud 0.x hosts
	// leave it out).
	CorrelationID string `json:"correlation_id,omitempty"`
}

// Every command below carries an optional CorrelationID, a Trellis extension (PROTOCOL.md
// §9.2): Trellis hosts echo it in the ack and in every event the command causes, so a client can
// tell the outcome of its own command apart from other traffic. wasmCloud 0.x hosts ignore it.

// StartActorCommand launches instances of an actor (cmd.{host}.la).
type StartActorCommand struct {
	// ActorRef is an OCI reference, bindle://… or file://… URL of the actor module.
	ActorRef string `json:"actor_ref"`
	// Count is how many instances to start; clients send at least 1.
	Count       int               `json:"count"`
	Annotations map[string]string `json:"annotations,omitempty"`
	// HostID is informative only: the subject selects the host.
	HostID        string `json:"host_id,omitempty"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// StopActorCommand stops instances of an actor (cmd.{host}.sa). Only instances whose
// annotations contain every given pair are stopped.
type StopActorCommand struct {
	// ActorRef is the actor's public key (M…), despite the name.
	ActorRef string `json:"actor_ref"`
	// Count is how many instances to stop; 0 stops all.
	Count         int               `json:"count"`
	Annotations   map[string]string `json:"annotations,omitempty"`
	HostID        string            `json:"host_id,omitempty"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// ScaleActorCommand starts or stops instances until Count run (cmd.{host}.scale).
type ScaleActorCommand struct {
	// ActorID is the actor's public key (M…).
	ActorID string `json:"actor_id"`
	// ActorRef is where to load the module from if no instance runs yet.
	ActorRef      string            `json:"actor_ref"`
	Count         int               `json:"count"`
	Annotations   map[string]string `json:"annotations,omitempty"`
	HostID        string            `json:"host_id,omitempty"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// UpdateActorCommand live-updates every local instance of an actor to a new module with the
// same public key and a greater revision (cmd.{host}.upd).
type UpdateActorCommand struct {
	NewActorRef   string            `json:"new_actor_ref"`
	ActorID       string            `json:"actor_id,omitempty"`
	Annotations   map[string]string `json:"annotations,omitempty"`
	HostID        string            `json:"host_id,omitempty"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// StartProviderCommand launches a capability provider under a link name (cmd.{host}.lp).
type StartProviderCommand struct {
	ProviderRef string `json:"provider_ref"`
	LinkName    string `json:"link_name"`
	// Configuration is opaque provider configuration, passed on in its host data.
	Configuration string            `json:"configuration,omitempty"`
	Annotations   map[string]string `json:"annotations,omitempty"`
	HostID        string            `json:"host_id,omitempty"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// StopProviderCommand stops a provider instance (cmd.{host}.sp).
type StopProviderCommand struct {
	// ProviderRef is the provider's public key (V…), despite the name.
	ProviderRef   string            `json:"provider_ref"`
	LinkName      string            `json:"link_name"`
	ContractID    string            `json:"contract_id,omitempty"`
	Annotations   map[string]string `json:"annotations,omitempty"`
	HostID        string            `json:"host_id,omitempty"`
	CorrelationID string            `json:"correlation_id,omitempty"`
}

// StopHostCommand stops a host with everything it runs (cmd.{host}.stop).
type StopHostCommand struct {
	HostID string `json:"host_id,omitempty"`
	// Timeout in milliseconds; wasmCloud 0.x hosts ignore it.
	Timeout       uint64 `json:"timeout,omitempty"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// LabelCommand sets (cmd.{host}.label_put) or removes (cmd.{host}.label_del, Value ignored) a
// host label. Both operations are Trellis extensions on new subjects: wasmCloud 0.x labels are
// fixed at host start, and its hosts do not answer these subjects.
type LabelCommand struct {
	Key           string `json:"key"`
	Value         string `json:"value,omitempty"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// PutLinkCommand is the body of linkdefs.put: a link definition (ID may be empty) plus the
// Trellis correlation id.
type PutLinkCommand struct {
	LinkDefinition
	CorrelationID string `json:"correlation_id,omitempty"`
}

// DeleteLinkCommand is the body of linkdefs.del: the identity of the link to remove.
type DeleteLinkCommand struct {
	ActorID       string `json:"actor_id"`
	ContractID    string `json:"contract_id"`
	LinkName      string `json:"link_name"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// RegistryCredential is how hosts authenticate to one registry (PROTOCOL.md §5.3
// registries.put). Note the camelCase key registryType, as on the wire.
type RegistryCredential struct {
	// RegistryType is "oci" or "bindle"; hosts drop entries without it.
	RegistryType string `json:"registryType"`
	Username     string `json:"username,omitempty"`
	Password     string `json:"password,omitempty"`
	Token        string `json:"token,omitempty"`
}

// RegistryCredentialMap maps registry servers (e.g. "ghcr.io") to their credentials; it is the
// body of registries.put.
type RegistryCredentialMap map[string]RegistryCredential

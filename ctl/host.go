package ctl

// Host is a host's answer to ping.hosts (PROTOCOL.md §5.3).
type Host struct {
	// ID is the host's public key (N…).
	ID string `json:"id"`
	// Issuer is the host's cluster public key (C…), the signer of its invocations.
	Issuer string `json:"issuer"`
	// Labels are the host's labels, used by auction constraints.
	Labels map[string]string `json:"labels"`
	// FriendlyName is a cosmetic name such as "quiet-river-1234".
	FriendlyName string `json:"friendly_name"`
	// UptimeSeconds is how long the host has been running.
	UptimeSeconds uint64 `json:"uptime_seconds"`
	// UptimeHuman is the uptime in words.
	UptimeHuman string `json:"uptime_human"`
	// Version is the host software version.
	Version string `json:"version"`
	// ClusterIssuers are the comma-joined cluster keys whose invocations the host accepts.
	ClusterIssuers string `json:"cluster_issuers"`
	// JSDomain is the JetStream domain the host uses, "" for none.
	JSDomain string `json:"js_domain"`
	// CtlHost is the NATS address of the host's control connection.
	CtlHost string `json:"ctl_host"`
	// ProvRPCHost is the NATS address handed to providers.
	ProvRPCHost string `json:"prov_rpc_host"`
	// RPCHost is the NATS address of the host's RPC connection.
	RPCHost string `json:"rpc_host"`
	// LatticePrefix is the lattice the host belongs to.
	LatticePrefix string `json:"lattice_prefix"`
}

// HostInventory is a host's answer to get.{host}.inv: what it runs (PROTOCOL.md §5.3).
type HostInventory struct {
	HostID       string                `json:"host_id"`
	Issuer       string                `json:"issuer"`
	Labels       map[string]string     `json:"labels"`
	FriendlyName string                `json:"friendly_name"`
	Actors       []ActorDescription    `json:"actors"`
	Providers    []ProviderDescription `json:"providers"`
}

// ActorDescription is one actor in a HostInventory with its running instances.
type ActorDescription struct {
	// ID is the actor's public key (M…).
	ID string `json:"id"`
	// ImageRef is the reference it was started from ("" if started from bytes).
	ImageRef string `json:"image_ref"`
	// Name is the name in the actor's claims.
	Name string `json:"name"`
	// Instances are the running instances.
	Instances []ActorInstance `json:"instances"`
}

// ActorInstance is one running instance of an actor.
type ActorInstance struct {
	Annotations map[string]string `json:"annotations"`
	InstanceID  string            `json:"instance_id"`
	// Revision is the revision of the claims the instance runs.
	Revision int `json:"revision"`
}

// ProviderDescription is one provider instance in a HostInventory.
type ProviderDescription struct {
	// ID is the provider's public key (V…).
	ID          string            `json:"id"`
	ImageRef    string            `json:"image_ref"`
	ContractID  string            `json:"contract_id"`
	LinkName    string            `json:"link_name"`
	Name        string            `json:"name"`
	InstanceID  string            `json:"instance_id"`
	Annotations map[string]string `json:"annotations"`
	Revision    int               `json:"revision"`
}

// ClaimsList is the reply to get.claims.
type ClaimsList struct {
	Claims []Claims `json:"claims"`
}

// LinkList is the reply to get.links.
type LinkList struct {
	Links []LinkDefinition `json:"links"`
}

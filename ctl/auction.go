package ctl

// ActorAuctionRequest asks which hosts could run an actor (auction.actor). Hosts whose labels
// contain every constraint pair answer with an ActorAuctionAck; the others stay silent.
type ActorAuctionRequest struct {
	ActorRef    string            `json:"actor_ref"`
	Constraints map[string]string `json:"constraints"`
}

// ActorAuctionAck is one host's bid in an actor auction.
type ActorAuctionAck struct {
	ActorRef    string            `json:"actor_ref"`
	Constraints map[string]string `json:"constraints"`
	HostID      string            `json:"host_id"`
}

// ProviderAuctionRequest asks which hosts could run a provider under a link name
// (auction.provider). Hosts that match the constraints and do not already run that provider
// and link name answer with a ProviderAuctionAck.
type ProviderAuctionRequest struct {
	ProviderRef string `json:"provider_ref"`
	// LinkName defaults to "default".
	LinkName    string            `json:"link_name"`
	Constraints map[string]string `json:"constraints"`
}

// ProviderAuctionAck is one host's bid in a provider auction.
type ProviderAuctionAck struct {
	ProviderRef string            `json:"provider_ref"`
	LinkName    string            `json:"link_name"`
	Constraints map[string]string `json:"constraints"`
	HostID      string            `json:"host_id"`
}

// DefaultLinkName is the link name used when none is given.
const DefaultLinkName = "default"

// LabelsMatch reports whether labels contain every constraint pair (exact string equality), the
// rule hosts apply in auctions.
func LabelsMatch(labels, constraints map[string]string) bool {
	for k, v := range constraints {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

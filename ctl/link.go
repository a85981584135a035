package ctl

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// LinkDefinition binds an actor's use of a contract under a link name to a provider, with
// configuration values (PROTOCOL.md §4.1). JSON in the control interface and the metadata
// bucket; its identity is the triple (ActorID, ContractID, LinkName).
type LinkDefinition struct {
	ID         string            `json:"id,omitempty"`
	ActorID    string            `json:"actor_id"`
	ProviderID string            `json:"provider_id"`
	LinkName   string            `json:"link_name"`
	ContractID string            `json:"contract_id"`
	Values     map[string]string `json:"values,omitempty"`
}

// LinkID is the id of the link (actor, contract, link name): upper-case hex SHA-256 of the
// three strings concatenated without a separator.
func LinkID(actorID, contractID, linkName string) string {
	sum := sha256.Sum256([]byte(actorID + contractID + linkName))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// ComputeID returns the link's id computed from its identity triple (readers recompute it;
// writers may omit it).
func (l *LinkDefinition) ComputeID() string { return LinkID(l.ActorID, l.ContractID, l.LinkName) }

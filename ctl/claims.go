package ctl

// Claims is the claims record of an actor or provider as kept in the metadata bucket under
// CLAIMS_<public key> and returned by get.claims (PROTOCOL.md §4.2). Lists are comma-joined
// strings and the revision a decimal string, as wasmCloud 0.x hosts write them.
type Claims struct {
	CallAlias    string  `json:"call_alias"`
	Issuer       string  `json:"iss"`
	Name         string  `json:"name"`
	Caps         string  `json:"caps"`
	Revision     string  `json:"rev"`
	Tags         string  `json:"tags"`
	Version      *string `json:"version"`
	Subject      string  `json:"sub"`
	ContractID   string  `json:"contract_id"`
	ConfigSchema string  `json:"config_schema,omitempty"`
}

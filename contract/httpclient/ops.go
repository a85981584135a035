package httpclient

import "github.com/trellis-lattice/trellis/contract/httpserver"

// ContractID is the capability contract id of the HTTP client contract.
const ContractID = "wasmcloud:httpclient"

// OpRequest is the operation that makes an outgoing HTTP request.
const OpRequest = "HttpClient.Request"

// Header is an HTTP header map: header names to their values. It is the same
// type as httpserver.Header. Response header names are not guaranteed to be
// lowercase; Header.Get matches them without regard to case.
type Header = httpserver.Header

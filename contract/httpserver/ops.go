package httpserver

// ContractID is the capability contract id of the HTTP server contract.
const ContractID = "wasmcloud:httpserver"

// OpHandleRequest is the operation the provider calls on the actor for each
// HTTP request.
const OpHandleRequest = "HttpServer.HandleRequest"

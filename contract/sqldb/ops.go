package sqldb

// ContractID is the capability contract id of the SQL database contract.
const ContractID = "wasmcloud:sqldb"

// Operation names of the SqlDb service, called on the provider. The package documentation
// lists each one's input and output.
const (
	OpExecute = "SqlDb.Execute" // run a statement that returns no rows
	OpQuery   = "SqlDb.Query"   // run a statement that returns rows
	OpFetch   = "SqlDb.Fetch"   // legacy (2021-10) query: bare SQL in, FetchResult out
)

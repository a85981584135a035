package keyvalue

// ContractID is the capability contract id of the key-value contract.
const ContractID = "wasmcloud:keyvalue"

// Operation names of the KeyValue service, called on the provider. The
// package documentation lists each one's input and output.
const (
	OpGet             = "KeyValue.Get"             // value of a key
	OpSet             = "KeyValue.Set"             // set a key, with optional expiry
	OpDel             = "KeyValue.Del"             // delete a key
	OpContains        = "KeyValue.Contains"        // whether a key exists
	OpIncrement       = "KeyValue.Increment"       // add to a numeric value
	OpListAdd         = "KeyValue.ListAdd"         // append to a list
	OpListDel         = "KeyValue.ListDel"         // remove a value from a list
	OpListClear       = "KeyValue.ListClear"       // delete a list
	OpListRange       = "KeyValue.ListRange"       // values of a list by index range
	OpSetAdd          = "KeyValue.SetAdd"          // add to a set
	OpSetDel          = "KeyValue.SetDel"          // remove from a set
	OpSetQuery        = "KeyValue.SetQuery"        // members of a set
	OpSetUnion        = "KeyValue.SetUnion"        // union of sets
	OpSetIntersection = "KeyValue.SetIntersection" // intersection of sets
	OpSetClear        = "KeyValue.SetClear"        // delete a set
)

package numbergen

// ContractID is the contract id of the built-in number generator.
const ContractID = "wasmcloud:builtin:numbergen"

// Operation names of the NumberGen service, answered by the host.
const (
	OpGenerateGuid  = "NumberGen.GenerateGuid"  // a random UUID v4 string
	OpRandomInRange = "NumberGen.RandomInRange" // a u32 in an inclusive range
	OpRandom32      = "NumberGen.Random32"      // a random u32
)

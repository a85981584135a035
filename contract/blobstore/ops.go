package blobstore

// ContractID is the capability contract id of the blob store contract.
const ContractID = "wasmcloud:blobstore"

// Operation names of the Blobstore service, called on the provider. The
// package documentation lists each one's input and output.
const (
	OpContainerExists  = "Blobstore.ContainerExists"  // whether a container exists
	OpCreateContainer  = "Blobstore.CreateContainer"  // create a container (idempotent)
	OpGetContainerInfo = "Blobstore.GetContainerInfo" // metadata of a container
	OpListContainers   = "Blobstore.ListContainers"   // metadata of every container
	OpRemoveContainers = "Blobstore.RemoveContainers" // remove containers and their objects
	OpObjectExists     = "Blobstore.ObjectExists"     // whether an object exists
	OpGetObjectInfo    = "Blobstore.GetObjectInfo"    // metadata of an object
	OpListObjects      = "Blobstore.ListObjects"      // metadata of a container's objects, paged
	OpRemoveObjects    = "Blobstore.RemoveObjects"    // remove objects of a container
	OpPutObject        = "Blobstore.PutObject"        // upload an object, or its first chunk
	OpPutChunk         = "Blobstore.PutChunk"         // upload a further chunk of an object
	OpGetObject        = "Blobstore.GetObject"        // download an object, or its first chunk
)

// OpReceiveChunk is the operation of the ChunkReceiver service, called on
// the actor: the provider delivers the chunks of a download after the first.
const OpReceiveChunk = "ChunkReceiver.ReceiveChunk"

// Package deploy runs declarative deployments: it stores application manifests with their
// versions in a JetStream key-value bucket (Store), and reconciles the lattice against the
// deployed ones (Reconciler): several hosts may run a reconciler, a lease in JetStream elects
// the one that acts, and it turns the difference between what manifests want and what hosts
// report into control-interface commands.
//
// What the commands are is decided by package plan, which is pure; package manifest parses and
// validates manifests. This package does the I/O around them: storage, leader election,
// watching hosts and events, issuing commands and recording each application's status.
package deploy

// Package v1alpha1 holds the project's own Go API types for the Fleet kinds the dashboard and
// the simulator use (fleet.cattle.io/v1alpha1). controller-gen makes the testbed's Fleet CRDs
// from them when Fleet's own module cannot be fetched.
//
// They are a subset of Fleet v0.16.1's types: every field declared here exists in the released
// CRDs with the same JSON name, type, format, nullability, enum, defaults and validations
// (tools/testbed/src/crds.service.test.ts compares them node by node). Fields the project does
// not use (e.g. the agent scheduling fields of a Cluster, which are Kubernetes core types) are
// left out; the API server prunes them.
//
// +groupName=fleet.cattle.io
package v1alpha1

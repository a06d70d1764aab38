// Package v3 holds the reduced management.cattle.io/v3 types that the testbed installs
// (Rancher's FleetWorkspace and Cluster). tools/testbed/crds/management.cattle.io.yaml has
// to match what controller-gen makes from these types; a unit test checks that.
//
// +groupName=management.cattle.io
package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// FleetWorkspace is a Fleet workspace; Rancher keeps a namespace of the same name.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster
type FleetWorkspace struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// +kubebuilder:pruning:PreserveUnknownFields
	Status runtime.RawExtension `json:"status,omitempty"`
}

// Cluster is a Rancher management cluster; its Fleet Cluster lives in spec.fleetWorkspaceName.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="Display-Name",type=string,JSONPath=`.spec.displayName`
// +kubebuilder:printcolumn:name="Fleet-Workspace",type=string,JSONPath=`.spec.fleetWorkspaceName`
type Cluster struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec ClusterSpec `json:"spec,omitempty"`
	// +kubebuilder:pruning:PreserveUnknownFields
	Status runtime.RawExtension `json:"status,omitempty"`
}

// ClusterSpec keeps the fields the dashboard reads; all others are preserved.
//
// +kubebuilder:pruning:PreserveUnknownFields
type ClusterSpec struct {
	DisplayName        string `json:"displayName,omitempty"`
	FleetWorkspaceName string `json:"fleetWorkspaceName,omitempty"`
}

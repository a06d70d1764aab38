package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Content is used internally by Fleet and should not be used directly. It
// contains the resources from a bundle for a specific target cluster.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster
// +kubebuilder:subresource:status
type Content struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Content is a byte array, which contains the manifests of a bundle.
	// +nullable
	Content []byte `json:"content,omitempty"`

	// SHA256Sum of the Content field
	SHA256Sum string `json:"sha256sum,omitempty"`

	Status ContentStatus `json:"status,omitempty"`
}

// ContentStatus defines the observed state of Content
type ContentStatus struct {
	// ReferenceCount is the number of BundleDeployments that currently
	// reference this Content resource.
	ReferenceCount int `json:"referenceCount,omitempty"`
}

package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// BundleDeployment is used internally by Fleet and should not be used directly.
// When a Bundle is deployed to a cluster an instance of a Bundle is called a
// BundleDeployment. A BundleDeployment represents the state of that Bundle on
// a specific cluster with its cluster-specific customizations. The Fleet agent
// is only aware of BundleDeployment resources that are created for the cluster
// the agent is managing.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="Deployed",type=string,JSONPath=`.status.display.deployed`
// +kubebuilder:printcolumn:name="Monitored",type=string,JSONPath=`.status.display.monitored`
// +kubebuilder:printcolumn:name="Status",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`
type BundleDeployment struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   BundleDeploymentSpec   `json:"spec,omitempty"`
	Status BundleDeploymentStatus `json:"status,omitempty"`
}

// BundleDeploymentSpec is the desired state of a BundleDeployment.
type BundleDeploymentSpec struct {
	// Paused if set to true, will stop any BundleDeployments from being
	// updated. If true, BundleDeployments will be marked as out of sync
	// when changes are detected.
	Paused bool `json:"paused,omitempty"`
	// StagedOptions are the deployment options, that are staged for
	// the next deployment.
	StagedOptions BundleDeploymentOptions `json:"stagedOptions,omitempty"`
	// StagedDeploymentID is the ID of the staged deployment.
	// +nullable
	StagedDeploymentID string `json:"stagedDeploymentID,omitempty"`
	// Options are the deployment options, that are currently applied.
	Options BundleDeploymentOptions `json:"options,omitempty"`
	// DeploymentID is the ID of the currently applied deployment.
	// +nullable
	DeploymentID string `json:"deploymentID,omitempty"`
	// DependsOn refers to the bundles which must be ready before this bundle can be deployed.
	// +nullable
	DependsOn []BundleRef `json:"dependsOn,omitempty"`
	// CorrectDrift specifies how drift correction should work.
	CorrectDrift *CorrectDrift `json:"correctDrift,omitempty"`
	// OCIContents is true when this deployment's contents is stored in an oci registry
	OCIContents bool `json:"ociContents,omitempty"`
	// HelmChartOptions is not nil and has the helm chart config details when contents
	// should be downloaded from a helm chart
	HelmChartOptions *BundleHelmOptions `json:"helmChartOptions,omitempty"`
	// ValuesHash is the hash of the values used to deploy the bundle.
	// +nullable
	ValuesHash string `json:"valuesHash,omitempty"`
	// DownstreamResourcesGeneration is the generation of the downstream resources.
	DownstreamResourcesGeneration int64 `json:"downstreamResourcesGeneration,omitempty"`
	// OffSchedule is true when the cluster is outside of its deployment schedule.
	OffSchedule bool `json:"offSchedule,omitempty"`
	// WaitingForValues is true while values from secrets or config maps are not available yet.
	WaitingForValues bool `json:"waitingForValues,omitempty"`
}

// BundleDeploymentStatus is the observed state of a BundleDeployment.
type BundleDeploymentStatus struct {
	// +nullable
	Conditions []Condition `json:"conditions,omitempty"`
	// +nullable
	AppliedDeploymentID string `json:"appliedDeploymentID,omitempty"`
	// +nullable
	Release string `json:"release,omitempty"`
	Ready   bool   `json:"ready,omitempty"`
	// NonModified is true if the deployed resources match the desired state.
	NonModified bool `json:"nonModified,omitempty"`
	// +nullable
	NonReadyStatus []NonReadyStatus `json:"nonReadyStatus,omitempty"`
	// +nullable
	ModifiedStatus []ModifiedStatus `json:"modifiedStatus,omitempty"`
	// IncompleteState is true if there are more than 10 non-ready or modified resources, meaning that the lists in those
	// fields have been truncated.
	IncompleteState bool `json:"incompleteState,omitempty"`
	// +nullable
	Display BundleDeploymentDisplay `json:"display,omitempty"`
	// +nullable
	SyncGeneration *int64 `json:"syncGeneration,omitempty"`
	// Resources lists the metadata of resources that were deployed
	// according to the helm release history.
	// +nullable
	Resources []BundleDeploymentResource `json:"resources,omitempty"`
	// ResourceCounts contains the number of resources in each state.
	ResourceCounts ResourceCounts `json:"resourceCounts,omitempty"`
	// DownstreamResourcesGeneration is the generation of the downstream resources that were copied.
	DownstreamResourcesGeneration int64 `json:"downstreamResourcesGeneration,omitempty"`
}

// BundleDeploymentDisplay is the human readable part of a BundleDeployment's status.
type BundleDeploymentDisplay struct {
	// +nullable
	Deployed string `json:"deployed,omitempty"`
	// +nullable
	Monitored string `json:"monitored,omitempty"`
	// +nullable
	State string `json:"state,omitempty"`
}

// BundleDeploymentResource contains the metadata of a deployed resource.
type BundleDeploymentResource struct {
	// +nullable
	Kind string `json:"kind,omitempty"`
	// +nullable
	APIVersion string `json:"apiVersion,omitempty"`
	// +nullable
	Namespace string `json:"namespace,omitempty"`
	// +nullable
	Name string `json:"name,omitempty"`
	// +nullable
	CreatedAt metav1.Time `json:"createdAt,omitempty"`
}

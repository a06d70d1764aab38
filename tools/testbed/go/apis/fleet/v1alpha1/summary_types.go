package v1alpha1

// Condition is wrangler's GenericCondition, as Fleet uses it.
type Condition struct {
	// Type of the condition.
	Type string `json:"type"`
	// Status of the condition, one of True, False, Unknown.
	Status string `json:"status"`
	// The last time this condition was updated.
	LastUpdateTime string `json:"lastUpdateTime,omitempty"`
	// Last time the condition transitioned from one status to another.
	LastTransitionTime string `json:"lastTransitionTime,omitempty"`
	// The reason for the condition's last transition.
	Reason string `json:"reason,omitempty"`
	// Human-readable message indicating details about last transition.
	Message string `json:"message,omitempty"`
}

// BundleSummary counts BundleDeployments by state.
type BundleSummary struct {
	// NotReady is the number of bundle deployments that have been deployed
	// where some resources are not ready.
	NotReady int `json:"notReady,omitempty"`
	// WaitApplied is the number of bundle deployments that have been
	// synced from Fleet controller and downstream cluster, but are waiting
	// to be deployed.
	WaitApplied int `json:"waitApplied,omitempty"`
	// ErrApplied is the number of bundle deployments that have been synced
	// from the Fleet controller and the downstream cluster, but with some
	// errors when deploying the bundle.
	ErrApplied int `json:"errApplied,omitempty"`
	// OutOfSync is the number of bundle deployments that have been synced
	// from Fleet controller, but not yet by the downstream agent.
	OutOfSync int `json:"outOfSync,omitempty"`
	// Modified is the number of bundle deployments that have been deployed
	// and for which all resources are ready, but where some changes from the
	// Git repository have not yet been synced.
	Modified int `json:"modified,omitempty"`
	// Ready is the number of bundle deployments that have been deployed
	// where all resources are ready.
	Ready int `json:"ready,omitempty"`
	// Pending is the number of bundle deployments that are being processed
	// by Fleet controller.
	Pending int `json:"pending,omitempty"`
	// DesiredReady is the number of bundle deployments that should be
	// ready.
	DesiredReady int `json:"desiredReady,omitempty"`
	// NonReadyClusters is a list of states, which is filled for a bundle
	// that is not ready.
	// +nullable
	NonReadyResources []NonReadyResource `json:"nonReadyResources,omitempty"`
}

// NonReadyResource contains information about a bundle that is not ready for a
// given state like "ErrApplied".
type NonReadyResource struct {
	// Name is the name of the resource.
	// +nullable
	Name string `json:"name,omitempty"`
	// State is the state of the resource, like e.g. "NotReady" or "ErrApplied".
	// +nullable
	State string `json:"bundleState,omitempty"`
	// Message contains information why the bundle is not ready.
	// +nullable
	Message string `json:"message,omitempty"`
	// ModifiedStatus lists the state for each modified resource.
	// +nullable
	ModifiedStatus []ModifiedStatus `json:"modifiedStatus,omitempty"`
	// NonReadyStatus lists the state for each non-ready resource.
	// +nullable
	NonReadyStatus []NonReadyStatus `json:"nonReadyStatus,omitempty"`
}

// ModifiedStatus is used to report the status of a resource that is modified.
type ModifiedStatus struct {
	// +nullable
	Kind string `json:"kind,omitempty"`
	// +nullable
	APIVersion string `json:"apiVersion,omitempty"`
	// +nullable
	Namespace string `json:"namespace,omitempty"`
	// +nullable
	Name string `json:"name,omitempty"`
	// Create is true if the resource is missing downstream.
	Create bool `json:"missing,omitempty"`
	// Exist is true if the resource exists but is not owned by us.
	Exist  bool `json:"exist,omitempty"`
	Delete bool `json:"delete,omitempty"`
	// +nullable
	Patch string `json:"patch,omitempty"`
}

// NonReadyStatus is used to report the status of a resource that is not ready.
type NonReadyStatus struct {
	// +nullable
	UID string `json:"uid,omitempty"`
	// +nullable
	Kind string `json:"kind,omitempty"`
	// +nullable
	APIVersion string `json:"apiVersion,omitempty"`
	// +nullable
	Namespace string `json:"namespace,omitempty"`
	// +nullable
	Name    string  `json:"name,omitempty"`
	Summary Summary `json:"summary,omitempty"`
}

// Summary is the summarised state of one resource.
type Summary struct {
	State         string   `json:"state,omitempty"`
	Error         bool     `json:"error,omitempty"`
	Transitioning bool     `json:"transitioning,omitempty"`
	Message       []string `json:"message,omitempty"`
}

// ResourceCounts contains the number of resources in each state.
type ResourceCounts struct {
	// Ready is the number of ready resources.
	Ready int `json:"ready,omitempty"`
	// DesiredReady is the number of resources that should be ready.
	DesiredReady int `json:"desiredReady,omitempty"`
	// WaitApplied is the number of resources that are waiting to be applied.
	WaitApplied int `json:"waitApplied,omitempty"`
	// Modified is the number of resources that have been modified.
	Modified int `json:"modified,omitempty"`
	// Orphaned is the number of orphaned resources.
	Orphaned int `json:"orphaned,omitempty"`
	// Missing is the number of missing resources.
	Missing int `json:"missing,omitempty"`
	// Unknown is the number of resources in an unknown state.
	Unknown int `json:"unknown,omitempty"`
	// NotReady is the number of not ready resources. Resources are not
	// ready if they do not match any other state.
	NotReady int `json:"notReady,omitempty"`
}

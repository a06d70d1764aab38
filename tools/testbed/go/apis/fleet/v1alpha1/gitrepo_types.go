package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// GitRepo describes a git repository that is watched by Fleet. The resource
// contains the necessary information to deploy the repo, or parts of it, to
// target clusters.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=fleet,path=gitrepos
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="Repo",type=string,JSONPath=`.spec.repo`
// +kubebuilder:printcolumn:name="Commit",type=string,JSONPath=`.status.commit`
// +kubebuilder:printcolumn:name="BundleDeployments-Ready",type=string,JSONPath=`.status.display.readyBundleDeployments`
// +kubebuilder:printcolumn:name="Status",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`
type GitRepo struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   GitRepoSpec   `json:"spec,omitempty"`
	Status GitRepoStatus `json:"status,omitempty"`
}

// GitRepoSpec is the desired state of a GitRepo.
type GitRepoSpec struct {
	// Repo is a URL to a git repo to clone and index.
	// +kubebuilder:validation:MinLength=1
	Repo string `json:"repo"`

	// Branch The git branch to follow.
	// +nullable
	Branch string `json:"branch,omitempty"`

	// Revision A specific commit or tag to operate on.
	// +nullable
	Revision string `json:"revision,omitempty"`

	// Ensure that all resources are created in this namespace.
	// +nullable
	TargetNamespace string `json:"targetNamespace,omitempty"`

	// ClientSecretName is the name of the client secret to be used to connect to the repo.
	// +nullable
	ClientSecretName string `json:"clientSecretName,omitempty"`

	// HelmSecretName contains the auth secret for a private Helm repository.
	// +nullable
	HelmSecretName string `json:"helmSecretName,omitempty"`

	// HelmSecretNameForPaths contains the auth secret for private Helm repository for each path.
	// +nullable
	HelmSecretNameForPaths string `json:"helmSecretNameForPaths,omitempty"`

	// HelmRepoURLRegex Helm credentials will be used if the helm repo matches this regex.
	// +nullable
	HelmRepoURLRegex string `json:"helmRepoURLRegex,omitempty"`

	// CABundle is a PEM encoded CA bundle which will be used to validate the repo's certificate.
	// +nullable
	CABundle []byte `json:"caBundle,omitempty"`

	// InsecureSkipTLSverify will use insecure HTTPS to clone the repo.
	InsecureSkipTLSverify bool `json:"insecureSkipTLSVerify,omitempty"`

	// Paths is the directories relative to the git repo root that contain resources to be applied.
	// +nullable
	Paths []string `json:"paths,omitempty"`

	// Bundles lists the bundles of the repository with their options.
	Bundles []BundleRefs `json:"bundles,omitempty"`

	// Paused, when true, causes changes in Git not to be propagated down to the clusters.
	Paused bool `json:"paused,omitempty"`

	// ServiceAccount used in the downstream cluster for deployment.
	// +nullable
	ServiceAccount string `json:"serviceAccount,omitempty"`

	// Targets is a list of targets this repo will deploy to.
	Targets []GitTarget `json:"targets,omitempty"`

	// PollingInterval is how often to check git for new updates.
	// +nullable
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:XValidation:rule=`self == '0' || (self.matches('^([0-9]+([.][0-9]+)?(ns|us|µs|ms|s|m|h))+$') && duration(self) <= duration('2562047h'))`,message="must be a valid Go duration using units ns, us, µs, ms, s, m, h (e.g. 15s, 5m, 2h, 1h30m); units like d (days) or w (weeks) are not supported"
	PollingInterval string `json:"pollingInterval,omitempty"`

	// DisablePolling is used to disable polling.
	DisablePolling bool `json:"disablePolling,omitempty"`

	// OCIRegistrySecret is the name of the secret with the OCI registry credentials.
	OCIRegistrySecret string `json:"ociRegistrySecret,omitempty"`

	// WebhookSecret is the name of the secret with the webhook secret.
	WebhookSecret string `json:"webhookSecret,omitempty"`

	// Increment this number to force a redeployment of contents from Git.
	ForceSyncGeneration int64 `json:"forceSyncGeneration,omitempty"`

	// ImageScanInterval is the interval of syncing scanned images and writing back to git repo.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:XValidation:rule=`self == '0' || (self.matches('^([0-9]+([.][0-9]+)?(ns|us|µs|ms|s|m|h))+$') && duration(self) <= duration('2562047h'))`,message="must be a valid Go duration using units ns, us, µs, ms, s, m, h (e.g. 15s, 5m, 2h, 1h30m); units like d (days) or w (weeks) are not supported"
	ImageSyncInterval string `json:"imageScanInterval,omitempty"`

	// Commit specifies how to commit to the git repo when a new image is scanned and written back to git repo.
	ImageScanCommit *CommitSpec `json:"imageScanCommit,omitempty"`

	// KeepResources specifies if the resources created must be kept after deleting the GitRepo.
	KeepResources bool `json:"keepResources,omitempty"`

	// DeleteNamespace specifies if the namespace created must be deleted after deleting the GitRepo.
	DeleteNamespace bool `json:"deleteNamespace,omitempty"`

	// CorrectDrift specifies how drift correction should work.
	CorrectDrift *CorrectDrift `json:"correctDrift,omitempty"`
}

// BundleRefs names a bundle of a repository and its options file.
type BundleRefs struct {
	// Base is the directory of the bundle's resources.
	Base string `json:"base,omitempty"`
	// Options is the path of the bundle's options file.
	// +nullable
	Options string `json:"options,omitempty"`
}

// CommitSpec is how image scans commit to the repository.
type CommitSpec struct {
	// AuthorName gives the name to provide when making a commit
	AuthorName string `json:"authorName,omitempty"`
	// AuthorEmail gives the email to provide when making a commit
	AuthorEmail string `json:"authorEmail,omitempty"`
	// MessageTemplate provides a template for the commit message,
	// into which will be interpolated the details of the change made.
	MessageTemplate string `json:"messageTemplate,omitempty"`
}

// GitTarget is a cluster or cluster group to deploy to.
type GitTarget struct {
	// Name is the name of this target.
	// +nullable
	Name string `json:"name,omitempty"`
	// ClusterName is the name of a cluster.
	// +nullable
	ClusterName string `json:"clusterName,omitempty"`
	// ClusterSelector is a label selector to select clusters.
	// +nullable
	ClusterSelector *metav1.LabelSelector `json:"clusterSelector,omitempty"`
	// ClusterGroup is the name of a cluster group in the same namespace as the clusters.
	// +nullable
	ClusterGroup string `json:"clusterGroup,omitempty"`
	// ClusterGroupSelector is a label selector to select cluster groups.
	// +nullable
	ClusterGroupSelector *metav1.LabelSelector `json:"clusterGroupSelector,omitempty"`
}

// StatusBase is the part of the status that GitRepo shares with other deployers.
type StatusBase struct {
	// ReadyClusters is the lowest number of clusters that are ready over
	// all the bundles of this resource.
	ReadyClusters int `json:"readyClusters,omitempty"`
	// DesiredReadyClusters is the number of clusters that should be ready for bundles of this resource.
	DesiredReadyClusters int `json:"desiredReadyClusters,omitempty"`
	// Summary contains the number of bundle deployments in each state and a list of non-ready resources.
	Summary BundleSummary `json:"summary,omitempty"`
	// Display contains a human readable summary of the status.
	Display StatusDisplay `json:"display,omitempty"`
	// Conditions is a list of Wrangler conditions that describe the state
	// of the resource.
	Conditions []Condition `json:"conditions,omitempty"`
	// Resources contains metadata about the resources of each bundle.
	Resources []Resource `json:"resources,omitempty"`
	// ResourceCounts contains the number of resources in each state over all bundles.
	ResourceCounts ResourceCounts `json:"resourceCounts,omitempty"`
	// PerClusterResourceCounts contains the number of resources in each state over all bundles, per cluster.
	PerClusterResourceCounts map[string]*ResourceCounts `json:"perClusterResourceCounts,omitempty"`
}

// StatusDisplay is the human readable part of a status.
type StatusDisplay struct {
	// ReadyBundleDeployments is a string in the form "%d/%d", that describes the
	// number of ready bundledeployments over the total number of bundledeployments.
	ReadyBundleDeployments string `json:"readyBundleDeployments,omitempty"`
	// State is the state of the resource.
	State string `json:"state,omitempty"`
	// Message contains the relevant message from the deployment conditions.
	Message string `json:"message,omitempty"`
	// Error is true if a message is present.
	Error bool `json:"error,omitempty"`
}

// Resource contains metadata about the resources of a bundle.
type Resource struct {
	// APIVersion is the API version of the resource.
	// +nullable
	APIVersion string `json:"apiVersion,omitempty"`
	// Kind is the k8s kind of the resource.
	// +nullable
	Kind string `json:"kind,omitempty"`
	// Type is the type of the resource, e.g. "apiextensions.k8s.io.customresourcedefinition" or "configmap".
	Type string `json:"type,omitempty"`
	// ID is the name of the resource, e.g. "namespace1/my-config" or "backingimagemanagers.storage.io".
	// +nullable
	ID string `json:"id,omitempty"`
	// Namespace of the resource.
	// +nullable
	Namespace string `json:"namespace,omitempty"`
	// Name of the resource.
	// +nullable
	Name string `json:"name,omitempty"`
	// IncompleteState is true if a bundle summary has 10 or more non-ready
	// resources or a non-ready resource has more 10 or more non-ready or
	// modified states.
	IncompleteState bool `json:"incompleteState,omitempty"`
	// State is the state of the resource, e.g. "Unknown", "WaitApplied", "ErrApplied" or "Ready".
	State string `json:"state,omitempty"`
	// Error is true if any Error in the PerClusterState is true.
	Error bool `json:"error,omitempty"`
	// Transitioning is true if any Transitioning in the PerClusterState is true.
	Transitioning bool `json:"transitioning,omitempty"`
	// Message is the first message from the PerClusterStates.
	// +nullable
	Message string `json:"message,omitempty"`
	// PerClusterState contains lists of cluster IDs for every State.
	// +nullable
	PerClusterState PerClusterState `json:"perClusterState"`
}

// PerClusterState aggregates cluster IDs by resource state.
type PerClusterState struct {
	Ready       []string `json:"ready,omitempty"`
	WaitApplied []string `json:"waitApplied,omitempty"`
	Pending     []string `json:"pending,omitempty"`
	Modified    []string `json:"modified,omitempty"`
	Orphaned    []string `json:"orphaned,omitempty"`
	Missing     []string `json:"missing,omitempty"`
	Unknown     []string `json:"unknown,omitempty"`
	NotReady    []string `json:"notReady,omitempty"`
}

// GitRepoStatus is the observed state of a GitRepo.
type GitRepoStatus struct {
	StatusBase `json:",inline"`
	// ObservedGeneration is the current generation of the resource in the cluster. It is copied from k8s
	// metadata.Generation. The value is incremented for all changes, except for changes to .metadata or .status.
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
	// UpdateGeneration is the generation of the last applied force sync.
	UpdateGeneration int64 `json:"updateGeneration,omitempty"`
	// Commit is the Git commit hash from the last git job run.
	Commit string `json:"commit,omitempty"`
	// PollingCommit is the latest commit found by polling.
	PollingCommit string `json:"pollingCommit,omitempty"`
	// WebhookCommit is the latest Git commit hash received from a webhook.
	WebhookCommit string `json:"webhookCommit,omitempty"`
	// GitJobStatus is the status of the last Git job run, e.g. "Current" if there was no error.
	GitJobStatus string `json:"gitJobStatus,omitempty"`
	// LastSyncedImageScanTime is the time of the last image scan.
	LastSyncedImageScanTime metav1.Time `json:"lastSyncedImageScanTime,omitempty"`
	// LastPollingTime is the last time the polling check was triggered.
	LastPollingTime metav1.Time `json:"lastPollingTriggered,omitempty"`
	// LastWebhookTime is the last time a webhook was received.
	LastWebhookTime metav1.Time `json:"lastWebhookTime,omitempty"`
}

package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Bundle contains the resources of an application and its deployment options.
// It can be deployed as a Helm chart to target clusters.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="BundleDeployments-Ready",type=string,JSONPath=`.status.display.readyClusters`
// +kubebuilder:printcolumn:name="Status",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`
type Bundle struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   BundleSpec   `json:"spec,omitempty"`
	Status BundleStatus `json:"status,omitempty"`
}

// BundleSpec is the desired state of a Bundle.
type BundleSpec struct {
	BundleDeploymentOptions `json:",inline"`

	// Paused if set to true, will stop any BundleDeployments from being updated.
	Paused bool `json:"paused,omitempty"`

	// RolloutStrategy controls the rollout of bundles, by defining
	// partitions, canaries and percentages for cluster availability.
	// +nullable
	RolloutStrategy *RolloutStrategy `json:"rolloutStrategy,omitempty"`

	// Resources contains the resources that were read from the bundle's
	// path. This includes the content of downloaded helm charts.
	// +nullable
	Resources []BundleResource `json:"resources,omitempty"`

	// Targets refer to the clusters which will be deployed to.
	Targets []BundleTarget `json:"targets,omitempty"`

	// TargetRestrictions is an allow list, which controls if a bundledeployment is created for a target.
	TargetRestrictions []BundleTargetRestriction `json:"targetRestrictions,omitempty"`

	// TargetCustomizationMode defines how target customizations are applied.
	// +kubebuilder:validation:Enum=FirstMatch;AllMatches
	// +kubebuilder:default=FirstMatch
	TargetCustomizationMode string `json:"targetCustomizationMode,omitempty"`

	// DependsOn refers to the bundles which must be ready before this bundle can be deployed.
	// +nullable
	DependsOn []BundleRef `json:"dependsOn,omitempty"`

	// ContentsID stores the contents id when deploying contents using an OCI registry.
	// +nullable
	ContentsID string `json:"contentsId,omitempty"`

	// HelmOpOptions stores the options relative to HelmOp resources.
	// +nullable
	HelmOpOptions *BundleHelmOptions `json:"helmOpOptions,omitempty"`

	// ValuesHash is the hash of the values used to deploy the bundle.
	ValuesHash string `json:"valuesHash,omitempty"`
}

// BundleDeploymentOptions are the options of a deployment, shared by a Bundle's spec, its
// targets and a BundleDeployment.
type BundleDeploymentOptions struct {
	// DefaultNamespace is the namespace to use for resources that do not
	// specify a namespace.
	// +nullable
	DefaultNamespace string `json:"defaultNamespace,omitempty"`

	// TargetNamespace if present will assign all resource to this
	// namespace and if any cluster scoped resource exists the deployment
	// will fail.
	// +nullable
	TargetNamespace string `json:"namespace,omitempty"`

	// Kustomize options for the deployment, like the dir containing the
	// kustomization.yaml file.
	// +nullable
	Kustomize *KustomizeOptions `json:"kustomize,omitempty"`

	// Helm options for the deployment, like the chart name, repo and values.
	Helm *HelmOptions `json:"helm,omitempty"`

	// ServiceAccount which will be used to perform this deployment.
	// +nullable
	ServiceAccount string `json:"serviceAccount,omitempty"`

	// ForceSyncGeneration is used to force a redeployment
	ForceSyncGeneration int64 `json:"forceSyncGeneration,omitempty"`

	// YAML options, if using raw YAML these are names that map to
	// overlays/{name} files that will be used to replace or patch a resource.
	// +nullable
	YAML *YAMLOptions `json:"yaml,omitempty"`

	// Diff can be used to ignore the modified state of objects which are amended at runtime.
	// +nullable
	Diff *DiffOptions `json:"diff,omitempty"`

	// KeepResources can be used to keep the deployed resources when removing the bundle
	KeepResources bool `json:"keepResources,omitempty"`

	// DeleteNamespace can be used to delete the deployed namespace when removing the bundle
	DeleteNamespace bool `json:"deleteNamespace,omitempty"`

	// IgnoreOptions can be used to ignore fields when monitoring the bundle.
	// +nullable
	IgnoreOptions *IgnoreOptions `json:"ignore,omitempty"`

	// CorrectDrift specifies how drift correction should work.
	CorrectDrift *CorrectDrift `json:"correctDrift,omitempty"`

	// NamespaceLabels are labels that will be appended to the namespace created by Fleet.
	// +nullable
	NamespaceLabels map[string]string `json:"namespaceLabels,omitempty"`

	// NamespaceAnnotations are annotations that will be appended to the namespace created by Fleet.
	// +nullable
	NamespaceAnnotations map[string]string `json:"namespaceAnnotations,omitempty"`

	// DeleteCRDResources deletes CRDs. Warning! this will also delete all your Custom Resources.
	DeleteCRDResources bool `json:"deleteCRDResources,omitempty"`

	// DownstreamResources points to resources to be copied into downstream clusters, from the bundle's namespace.
	DownstreamResources []DownstreamResource `json:"downstreamResources,omitempty"`

	// OverwrittenResources lists resources that the deployment overwrites.
	OverwrittenResources []OverwrittenResource `json:"overwrites,omitempty"`

	// CreateNamespace creates the target namespace if it does not exist.
	// +nullable
	CreateNamespace *bool `json:"createNamespace,omitempty"`

	// AllowedTargetNamespaceSelector restricts which namespaces the bundle can be deployed to.
	// +nullable
	AllowedTargetNamespaceSelector *metav1.LabelSelector `json:"allowedTargetNamespaceSelector,omitempty"`
}

// DownstreamResource is a resource copied into downstream clusters.
type DownstreamResource struct {
	Kind string `json:"kind,omitempty"`
	Name string `json:"name,omitempty"`
}

// OverwrittenResource is a resource a deployment overwrites.
type OverwrittenResource struct {
	Kind      string `json:"kind,omitempty"`
	Name      string `json:"name,omitempty"`
	Namespace string `json:"namespace,omitempty"`
}

// CorrectDrift specifies how to correct drift.
type CorrectDrift struct {
	// Enabled correct drift if true.
	Enabled bool `json:"enabled,omitempty"`
	// Force helm rollback with --force option will be used if true. This will try to recreate all resources in the release.
	Force bool `json:"force,omitempty"`
	// KeepFailHistory keeps track of failed rollbacks in the helm history.
	KeepFailHistory bool `json:"keepFailHistory,omitempty"`
}

// KustomizeOptions are the Kustomize options of a deployment.
type KustomizeOptions struct {
	// Dir points to a custom folder for kustomize resources. This folder must contain
	// a kustomization.yaml file.
	// +nullable
	Dir string `json:"dir,omitempty"`
}

// HelmOptions are the Helm options of a deployment.
type HelmOptions struct {
	// Chart can refer to any go-getter URL or OCI registry based helm
	// chart URL. The chart will be downloaded.
	// +nullable
	Chart string `json:"chart,omitempty"`

	// Repo is the name of the HTTPS helm repo to download the chart from.
	// +nullable
	Repo string `json:"repo,omitempty"`

	// ReleaseName sets a custom release name to deploy the chart as.
	// +nullable
	// +kubebuilder:validation:MaxLength=53
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	ReleaseName string `json:"releaseName,omitempty"`

	// Version of the chart to download
	// +nullable
	Version string `json:"version,omitempty"`

	// TimeoutSeconds is the time to wait for Helm operations.
	TimeoutSeconds int `json:"timeoutSeconds,omitempty"`

	// Values passed to Helm. It is possible to specify the keys and values
	// as go template strings.
	// +nullable
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	Values *runtime.RawExtension `json:"values,omitempty"`

	// ValuesFrom loads the values from configmaps and secrets.
	// +nullable
	ValuesFrom []ValuesFrom `json:"valuesFrom,omitempty"`

	// Force allows to override immutable resources. This could be dangerous.
	Force bool `json:"force,omitempty"`

	// TakeOwnership makes helm skip the check for its own annotations
	TakeOwnership bool `json:"takeOwnership,omitempty"`

	// MaxHistory limits the maximum number of revisions saved per release by Helm.
	MaxHistory int `json:"maxHistory,omitempty"`

	// ValuesFiles is a list of files to load values from.
	// +nullable
	ValuesFiles []string `json:"valuesFiles,omitempty"`

	// WaitForJobs if set and timeoutSeconds provided, will wait until all
	// Jobs have been completed before marking the GitRepo as ready.
	WaitForJobs bool `json:"waitForJobs,omitempty"`

	// Atomic sets the --atomic flag when Helm is performing an upgrade
	Atomic bool `json:"atomic,omitempty"`

	// DisablePreProcess disables template processing in values
	DisablePreProcess bool `json:"disablePreProcess,omitempty"`

	// DisableDNS can be used to customize Helm's EnableDNS option, which Fleet sets to `true` by default.
	DisableDNS bool `json:"disableDNS,omitempty"`

	// SkipSchemaValidation allows skipping schema validation against the chart values.
	SkipSchemaValidation bool `json:"skipSchemaValidation,omitempty"`

	// DisableDependencyUpdate allows skipping chart dependencies update
	DisableDependencyUpdate bool `json:"disableDependencyUpdate,omitempty"`

	// TemplateValues is a map of string keys to go template strings.
	// +nullable
	TemplateValues map[string]string `json:"templateValues,omitempty"`
}

// ValuesFrom names a config map or secret key that holds Helm values.
type ValuesFrom struct {
	// The reference to a config map with release values.
	// +nullable
	ConfigMapKeyRef *ConfigMapKeySelector `json:"configMapKeyRef,omitempty"`

	// The reference to a secret with release values.
	// +nullable
	SecretKeyRef *SecretKeySelector `json:"secretKeyRef,omitempty"`
}

// ConfigMapKeySelector selects a key of a config map.
type ConfigMapKeySelector struct {
	LocalObjectReference `json:",inline"`
	// +nullable
	Namespace string `json:"namespace,omitempty"`
	// +nullable
	Key string `json:"key,omitempty"`
}

// SecretKeySelector selects a key of a secret.
type SecretKeySelector struct {
	LocalObjectReference `json:",inline"`
	// +nullable
	Namespace string `json:"namespace,omitempty"`
	// +nullable
	Key string `json:"key,omitempty"`
}

// LocalObjectReference names an object in the same namespace.
type LocalObjectReference struct {
	// Name of a resource in the same namespace as the referent.
	// +nullable
	Name string `json:"name,omitempty"`
}

// YAMLOptions are the raw-YAML options of a deployment.
type YAMLOptions struct {
	// Overlays is a list of names that maps to folders in "overlays/".
	// +nullable
	Overlays []string `json:"overlays,omitempty"`
}

// DiffOptions ignores modified states of objects amended at runtime.
type DiffOptions struct {
	// ComparePatches match a resource and remove fields, or the resource itself from the check for modifications.
	// +nullable
	ComparePatches []ComparePatch `json:"comparePatches,omitempty"`
}

// ComparePatch matches a resource and removes fields from the check for modifications.
type ComparePatch struct {
	// Kind is the kind of the resource to match.
	// +nullable
	Kind string `json:"kind,omitempty"`
	// APIVersion is the apiVersion of the resource to match.
	// +nullable
	APIVersion string `json:"apiVersion,omitempty"`
	// Namespace is the namespace of the resource to match.
	// +nullable
	Namespace string `json:"namespace,omitempty"`
	// Name is the name of the resource to match.
	// +nullable
	Name string `json:"name,omitempty"`
	// Operations remove a JSON path from the resource.
	// +nullable
	Operations []Operation `json:"operations,omitempty"`
	// JSONPointers ignore diffs at a certain JSON path.
	// +nullable
	JSONPointers []string `json:"jsonPointers,omitempty"`
}

// Operation of a JSON patch.
type Operation struct {
	// Op is usually "remove"
	// +nullable
	Op string `json:"op,omitempty"`
	// Path is the JSON path to remove.
	// +nullable
	Path string `json:"path,omitempty"`
	// Value is usually empty.
	// +nullable
	Value string `json:"value,omitempty"`
}

// IgnoreOptions defines conditions to be ignored when monitoring the Bundle.
type IgnoreOptions struct {
	// Conditions is a list of conditions to be ignored when monitoring the Bundle.
	// +nullable
	Conditions []map[string]string `json:"conditions,omitempty"`
}

// BundleHelmOptions are the options of HelmOp bundles.
type BundleHelmOptions struct {
	// SecretName stores the secret name for storing credentials when accessing
	// a remote helm repository defined in a HelmOp resource
	SecretName string `json:"helmOpSecretName,omitempty"`

	// InsecureSkipTLSverify will use insecure HTTPS to clone the helm app resource.
	InsecureSkipTLSverify bool `json:"helmOpInsecureSkipTLSVerify,omitempty"`

	// CABundle is a PEM encoded CA bundle which will be used to validate the repo's certificate.
	// +nullable
	CABundle []byte `json:"helmOpCABundle,omitempty"`
}

// BundleResource represents the content of a single resource from the bundle, like a YAML manifest.
type BundleResource struct {
	// Name of the resource, can include the bundle's internal path.
	// +nullable
	Name string `json:"name,omitempty"`
	// The content of the resource, can be compressed.
	// +nullable
	Content string `json:"content,omitempty"`
	// Encoding is either empty or "base64+gz".
	// +nullable
	Encoding string `json:"encoding,omitempty"`
}

// RolloutStrategy controls the rollout of the bundle across clusters.
type RolloutStrategy struct {
	// A number or percentage of clusters that can be unavailable during an update of a bundle.
	// +nullable
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`
	// A number or percentage of cluster partitions that can be unavailable during an update of a bundle.
	// +nullable
	MaxUnavailablePartitions *intstr.IntOrString `json:"maxUnavailablePartitions,omitempty"`
	// A number or percentage of how to automatically partition clusters if no specific partitioning strategy is configured.
	// +nullable
	AutoPartitionSize *intstr.IntOrString `json:"autoPartitionSize,omitempty"`
	// A list of definitions of partitions.
	// +nullable
	Partitions []Partition `json:"partitions,omitempty"`
	// AutoPartitionThreshold is the number of clusters above which partitions are created automatically.
	// +nullable
	AutoPartitionThreshold *int `json:"autoPartitionThreshold,omitempty"`
	// MaxNew is the maximum number of new BundleDeployments created at once.
	// +nullable
	MaxNew *int `json:"maxNew,omitempty"`
}

// Partition defines a separate rollout strategy for a set of clusters.
type Partition struct {
	// A user-friendly name given to the partition used for Display (optional).
	// +nullable
	Name string `json:"name,omitempty"`
	// A number or percentage of clusters that can be unavailable in this partition before this partition is treated as done.
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`
	// ClusterName is the name of a cluster to include in this partition
	ClusterName string `json:"clusterName,omitempty"`
	// Selector matching cluster labels to include in this partition
	ClusterSelector *metav1.LabelSelector `json:"clusterSelector,omitempty"`
	// A cluster group name to include in this partition
	ClusterGroup string `json:"clusterGroup,omitempty"`
	// Selector matching cluster group labels to include in this partition
	// +nullable
	ClusterGroupSelector *metav1.LabelSelector `json:"clusterGroupSelector,omitempty"`
}

// BundleTarget declares clusters to deploy to and the deployment options for them.
type BundleTarget struct {
	BundleDeploymentOptions `json:",inline"`
	// Name of target. This value is largely for display and logging. If
	// not specified a default name of the format "target000" will be used
	Name string `json:"name,omitempty"`
	// ClusterName to match a specific cluster by name that will be
	// selected
	// +nullable
	ClusterName string `json:"clusterName,omitempty"`
	// ClusterSelector is a selector to match clusters.
	// +nullable
	ClusterSelector *metav1.LabelSelector `json:"clusterSelector,omitempty"`
	// ClusterGroup to match a specific cluster group by name.
	// +nullable
	ClusterGroup string `json:"clusterGroup,omitempty"`
	// ClusterGroupSelector is a selector to match cluster groups.
	// +nullable
	ClusterGroupSelector *metav1.LabelSelector `json:"clusterGroupSelector,omitempty"`
	// DoNotDeploy if set to true, will not deploy to this target.
	DoNotDeploy bool `json:"doNotDeploy,omitempty"`
}

// BundleTargetRestriction is used internally by Fleet and should not be modified.
// It acts as an allow list, to prevent the creation of BundleDeployments from
// Targets created by TargetCustomizations in fleet.yaml.
type BundleTargetRestriction struct {
	// +nullable
	Name string `json:"name,omitempty"`
	// +nullable
	ClusterName string `json:"clusterName,omitempty"`
	// +nullable
	ClusterSelector *metav1.LabelSelector `json:"clusterSelector,omitempty"`
	// +nullable
	ClusterGroup string `json:"clusterGroup,omitempty"`
	// +nullable
	ClusterGroupSelector *metav1.LabelSelector `json:"clusterGroupSelector,omitempty"`
}

// BundleRef names or selects bundles this bundle depends on.
type BundleRef struct {
	// Name of the bundle.
	// +nullable
	Name string `json:"name,omitempty"`
	// Selector matching bundle's labels.
	// +nullable
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
	// AcceptedStates is a list of states that are accepted for the dependency.
	// +nullable
	AcceptedStates []string `json:"acceptedStates,omitempty"`
}

// BundleStatus is the observed state of a Bundle.
type BundleStatus struct {
	// Conditions is a list of Wrangler conditions that describe the state
	// of the bundle.
	Conditions []Condition `json:"conditions,omitempty"`
	// Summary contains the number of bundle deployments in each state and
	// a list of non-ready resources.
	Summary BundleSummary `json:"summary,omitempty"`
	// NewlyCreated is the number of bundle deployments that have been created,
	// not updated.
	NewlyCreated int `json:"newlyCreated,omitempty"`
	// Unavailable is the number of bundle deployments that are not ready or
	// where the AppliedDeploymentID in the status does not match the
	// DeploymentID from the spec.
	Unavailable int `json:"unavailable,omitempty"`
	// UnavailablePartitions is the number of unavailable partitions.
	UnavailablePartitions int `json:"unavailablePartitions,omitempty"`
	// MaxUnavailable is the maximum number of unavailable deployments.
	MaxUnavailable int `json:"maxUnavailable,omitempty"`
	// MaxUnavailablePartitions is the maximum number of unavailable partitions.
	MaxUnavailablePartitions int `json:"maxUnavailablePartitions,omitempty"`
	// PartitionStatus lists the status of each partition.
	PartitionStatus []PartitionStatus `json:"partitions,omitempty"`
	// Display contains the number of ready, desiredready clusters and a
	// summary state for the bundle's resources.
	Display BundleDisplay `json:"display,omitempty"`
	// ResourceKey lists resources, which will likely be deployed.
	// +nullable
	ResourceKey []ResourceKey `json:"resourceKey,omitempty"`
	// OCIReference is the OCI reference used to store contents.
	OCIReference string `json:"ociReference,omitempty"`
	// ObservedGeneration is the current generation of the bundle.
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
	// ResourcesSHA256Sum corresponds to the JSON serialization of the .Spec.Resources field.
	ResourcesSHA256Sum string `json:"resourcesSha256Sum,omitempty"`
}

// PartitionStatus is the status of a single rollout partition.
type PartitionStatus struct {
	// Name is the name of the partition.
	// +nullable
	Name string `json:"name,omitempty"`
	// Count is the number of clusters in the partition.
	Count int `json:"count,omitempty"`
	// MaxUnavailable is the maximum number of unavailable clusters in the partition.
	MaxUnavailable int `json:"maxUnavailable,omitempty"`
	// Unavailable is the number of unavailable clusters in the partition.
	Unavailable int `json:"unavailable,omitempty"`
	// Summary is a summary state for the partition, calculated over its non-ready resources.
	Summary BundleSummary `json:"summary,omitempty"`
}

// BundleDisplay contains the number of ready, desiredready clusters and a
// summary state for the bundle.
type BundleDisplay struct {
	// ReadyClusters is a string in the form "%d/%d", that describes the
	// number of clusters that are ready vs. the number of clusters desired
	// to be ready.
	// +nullable
	ReadyClusters string `json:"readyClusters,omitempty"`
	// State is a summary state for the bundle, calculated over the non-ready resources.
	// +nullable
	State string `json:"state,omitempty"`
}

// ResourceKey lists resources, which will likely be deployed.
type ResourceKey struct {
	// Kind is the k8s api kind of the resource.
	// +nullable
	Kind string `json:"kind,omitempty"`
	// APIVersion is the k8s api version of the resource.
	// +nullable
	APIVersion string `json:"apiVersion,omitempty"`
	// Namespace is the namespace of the resource.
	// +nullable
	Namespace string `json:"namespace,omitempty"`
	// Name is the name of the resource.
	// +nullable
	Name string `json:"name,omitempty"`
}

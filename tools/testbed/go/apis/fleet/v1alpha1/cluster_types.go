package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Cluster corresponds to a Kubernetes cluster. Fleet deploys bundles to targeted clusters.
// Clusters to which Fleet deploys manifests are referred to as downstream
// clusters. In the single cluster use case, the Fleet manager Kubernetes
// cluster is both the manager and the downstream cluster at the same time.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="Bundles-Ready",type=string,JSONPath=`.status.display.readyBundles`
// +kubebuilder:printcolumn:name="Last-Seen",type=string,JSONPath=`.status.agent.lastSeen`
// +kubebuilder:printcolumn:name="Status",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`
type Cluster struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   ClusterSpec   `json:"spec,omitempty"`
	Status ClusterStatus `json:"status,omitempty"`
}

// ClusterSpec is the desired state of a Cluster. The agent scheduling fields that are
// Kubernetes core types (agentAffinity, agentEnvVars, agentPullSecrets, agentResources,
// agentTolerations) are not modelled here.
type ClusterSpec struct {
	// Paused if set to true, will stop any BundleDeployments from being updated.
	Paused bool `json:"paused,omitempty"`

	// ClientID is a unique string that will identify the cluster. The
	// agent either uses the configured ID or generates a random one.
	// +nullable
	ClientID string `json:"clientID,omitempty"`

	// KubeConfigSecret is the name of the secret containing the kubeconfig for the downstream cluster.
	// +nullable
	KubeConfigSecret string `json:"kubeConfigSecret,omitempty"`

	// KubeConfigSecretNamespace is the namespace of the secret containing the kubeconfig for the downstream cluster.
	// +nullable
	KubeConfigSecretNamespace string `json:"kubeConfigSecretNamespace,omitempty"`

	// RedeployAgentGeneration can be used to force redeploying the agent.
	RedeployAgentGeneration int64 `json:"redeployAgentGeneration,omitempty"`

	// AgentNamespace defaults to the system namespace, e.g. cattle-fleet-system.
	// +nullable
	AgentNamespace string `json:"agentNamespace,omitempty"`

	// PrivateRepoURL prefixes the image name and overrides a global repo URL from the agents config.
	// +nullable
	PrivateRepoURL string `json:"privateRepoURL,omitempty"`

	// TemplateValues defines a cluster specific mapping of values to be sent to fleet.yaml values templating.
	// +nullable
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	TemplateValues *runtime.RawExtension `json:"templateValues,omitempty"`

	// AgentSchedulingCustomization sets the PriorityClass and PodDisruptionBudget of the agent.
	// +nullable
	AgentSchedulingCustomization *AgentSchedulingCustomization `json:"agentSchedulingCustomization,omitempty"`

	// HostNetwork sets the agent StatefulSet to use hostNetwork: true setting.
	// +nullable
	HostNetwork *bool `json:"hostNetwork,omitempty"`
}

// AgentSchedulingCustomization sets the PriorityClass and PodDisruptionBudget of the agent.
type AgentSchedulingCustomization struct {
	PriorityClass       *PriorityClassSpec       `json:"priorityClass,omitempty"`
	PodDisruptionBudget *PodDisruptionBudgetSpec `json:"podDisruptionBudget,omitempty"`
}

// PriorityClassSpec is the PriorityClass of the agent.
type PriorityClassSpec struct {
	// Value is the priority of the agent pods.
	Value int `json:"value,omitempty"`
	// PreemptionPolicy describes a policy for if/when to preempt a pod.
	PreemptionPolicy string `json:"preemptionPolicy,omitempty"`
}

// PodDisruptionBudgetSpec is the PodDisruptionBudget of the agent.
type PodDisruptionBudgetSpec struct {
	// MinAvailable is the minimum number of available agent pods.
	MinAvailable string `json:"minAvailable,omitempty"`
	// MaxUnavailable is the maximum number of unavailable agent pods.
	MaxUnavailable string `json:"maxUnavailable,omitempty"`
}

// ClusterStatus is the observed state of a Cluster.
type ClusterStatus struct {
	Conditions []Condition `json:"conditions,omitempty"`
	// Namespace is the cluster namespace, it contains the clusters service
	// account as well as any bundledeployments. Example:
	// "cluster-fleet-local-cluster-294db1acfa77-d9ccf852678f"
	Namespace string `json:"namespace,omitempty"`
	// Summary is a summary of the bundledeployments. The resource counts
	// are copied from the gitrepo resource.
	Summary BundleSummary `json:"summary,omitempty"`
	// ResourceCounts is an aggregate over the GitRepoResourceCounts.
	ResourceCounts ResourceCounts `json:"resourceCounts,omitempty"`
	// ReadyGitRepos is the number of gitrepos for this cluster that are ready.
	ReadyGitRepos int `json:"readyGitRepos,omitempty"`
	// DesiredReadyGitRepos is the number of gitrepos for this cluster that
	// are desired to be ready.
	DesiredReadyGitRepos int `json:"desiredReadyGitRepos,omitempty"`
	// ReadyHelmOps is the number of helmops for this cluster that are ready.
	ReadyHelmOps int `json:"readyHelmOps,omitempty"`
	// DesiredReadyHelmOps is the number of helmops for this cluster that
	// are desired to be ready.
	DesiredReadyHelmOps int `json:"desiredReadyHelmOps,omitempty"`

	// AgentEnvVarsHash is a hash of the agent's env vars, used to detect changes.
	// +nullable
	AgentEnvVarsHash string `json:"agentEnvVarsHash,omitempty"`
	// AgentPrivateRepoURL is the private repo URL for the agent that is currently used.
	// +nullable
	AgentPrivateRepoURL string `json:"agentPrivateRepoURL,omitempty"`
	// AgentDeployedGeneration is the generation of the agent that is currently deployed.
	// +nullable
	AgentDeployedGeneration *int64 `json:"agentDeployedGeneration,omitempty"`
	// AgentMigrated is always set to true after importing a cluster.
	AgentMigrated bool `json:"agentMigrated,omitempty"`
	// AgentNamespaceMigrated is always set to true after importing a cluster.
	AgentNamespaceMigrated bool `json:"agentNamespaceMigrated,omitempty"`
	// CattleNamespaceMigrated is always set to true after importing a cluster.
	CattleNamespaceMigrated bool `json:"cattleNamespaceMigrated,omitempty"`

	// AgentAffinityHash is a hash of the agent's affinity configuration.
	AgentAffinityHash string `json:"agentAffinityHash,omitempty"`
	// AgentResourcesHash is a hash of the agent's resources configuration.
	// +nullable
	AgentResourcesHash string `json:"agentResourcesHash,omitempty"`
	// AgentTolerationsHash is a hash of the agent's tolerations configuration.
	// +nullable
	AgentTolerationsHash string `json:"agentTolerationsHash,omitempty"`
	// AgentConfigChanged is set to true if any of the agent configuration changed.
	AgentConfigChanged bool `json:"agentConfigChanged,omitempty"`
	// AgentHostNetwork is the hostNetwork setting of the deployed agent.
	// +nullable
	AgentHostNetwork *bool `json:"agentHostNetwork,omitempty"`
	// AgentSchedulingCustomizationHash is a hash of the agent's scheduling customization.
	AgentSchedulingCustomizationHash string `json:"agentSchedulingCustomizationHash,omitempty"`

	// APIServerURL is the currently used URL of the API server that the
	// cluster uses to connect to upstream.
	// +nullable
	APIServerURL string `json:"apiServerURL,omitempty"`
	// APIServerCAHash is a hash of the upstream API server CA, used to detect changes.
	// +nullable
	APIServerCAHash string `json:"apiServerCAHash,omitempty"`
	// AgentTLSMode supports two values: `system-store` and `strict`.
	// +nullable
	AgentTLSMode string `json:"agentTLSMode,omitempty"`

	// GarbageCollectionInterval determines how often agents clean up obsolete Helm releases.
	GarbageCollectionInterval string `json:"garbageCollectionInterval,omitempty"`

	// Display contains the number of ready bundles, nodes and a summary state.
	Display ClusterDisplay `json:"display,omitempty"`
	// AgentStatus contains information about the agent.
	Agent AgentStatus `json:"agent,omitempty"`

	// Scheduled is true when the cluster is targeted by a Schedule.
	Scheduled bool `json:"scheduled,omitempty"`
	// ActiveSchedule is true while a Schedule of the cluster is active.
	ActiveSchedule bool `json:"activeSchedule,omitempty"`
}

// ClusterDisplay contains the number of ready bundles and a summary state.
type ClusterDisplay struct {
	// ReadyBundles is a string in the form "%d/%d", that describes the
	// number of bundles that are ready vs. the number of bundles desired
	// to be ready.
	ReadyBundles string `json:"readyBundles,omitempty"`
	// State of the cluster, either one of the bundle states, or "WaitCheckIn".
	// +nullable
	State string `json:"state,omitempty"`
}

// AgentStatus contains information about the agent.
type AgentStatus struct {
	// LastSeen is the last time the agent checked in to update the status
	// of the cluster resource.
	// +nullable
	LastSeen metav1.Time `json:"lastSeen,omitempty"`
	// Namespace is the namespace of the agent deployment, e.g. "cattle-fleet-system".
	// +nullable
	Namespace string `json:"namespace,omitempty"`
}

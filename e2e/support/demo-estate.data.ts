// What the demo estate (fleet-sim's `demoEstate`, seeded by global setup) holds, as the specs
// expect to see it.
export const FLEET_EXAMPLES = 'https://github.com/rancher/fleet-examples';

export const FLEET_DEFAULT_GITREPOS = ['edge-apps', 'guestbook', 'guestbook-helm', 'helm-kustomize', 'multi-cluster-examples', 'platform-addons'];

export const PROD_CLUSTERS = ['prod-ap-southeast-1', 'prod-eu-central-1', 'prod-eu-west-1', 'prod-us-east-1', 'prod-us-west-2'];

export const FLEET_DEFAULT_CLUSTER_COUNT = 12;

export { startTestbed, compactEtcd, freePort } from './testbed.service';
export { adminKubeConfig } from './kube-config';
export type { Testbed, StartTestbedOptions, RestartOptions, RestartReport } from './testbed.service';
export { createFaultProxy } from './fault-proxy.service';
export type { FaultProxy, FaultProxyOptions, FaultProxyStats } from './fault-proxy.service';
export { ensureTestbedBinaries, writeGoModule, versionLdflags } from './build.service';
export type { TestbedBinaries, BuildOptions } from './build.service';
export {
  fleetCrdDocuments,
  ensureFleetCrds,
  managementCrdDocuments,
  ensureControllerGen,
  runControllerGen,
  compareCrdSchemas,
  parseCrdYaml,
} from './crds.service';
export type { CompareOptions, CrdDocument, CrdOptions, FleetCrds, FleetCrdSource, SchemaDifference, JsonSchema } from './crds.service';
export { generateGoMod, parseGoMod, stagingModules, stagingVersionFor, etcdVersionOf } from './go-mod.service';
export type { UserName, TestbedUser } from './access.service';
export { USER_NAMES, FLEET_WORKSPACES, ROLE_NAMES, rbacObjects, kubeconfigYaml } from './access.service';
export {
  KUBERNETES_VERSION,
  FLEET_VERSION,
  CONTROLLER_GEN_VERSION,
  defaultCacheDir,
  versionCacheDir,
} from './testbed.config';
export type { CacheOptions } from './testbed.config';
export { ensureHelm, helmCacheDir, helmLdflags, HELM_VERSION } from './helm-build.service';
export type { HelmBinary, HelmBuildOptions } from './helm-build.service';

export { bundleServer, folderBytes, REPO_ROOT } from './server-bundle.service';
export type { BundleOptions, ServerBundle } from './server-bundle.service';
export { parseDockerfile, stagesOf, copyOf, wordsOf, parseDockerignore, isIgnored } from './dockerfile.service';
export type { Instruction, Stage, CopyInstruction } from './dockerfile.service';
export { createHelm, manifestObjects, CHART_DIR } from './helm.service';
export type { Helm, HelmOptions, HelmResult, ManifestObject } from './helm.service';
export { serverIdentityPermissions, grantedPermissions, permissionSet, permissionText, USER_TOKEN_ONLY } from './server-rbac.service';
export type { Permission } from './server-rbac.service';
export { optionsTable, withOptionsTable, updateReadmeOptions, OPTIONS_START, OPTIONS_END } from './options-table.service';

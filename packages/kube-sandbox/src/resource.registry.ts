// The resources the sandbox serves: a few built-ins plus every custom resource definition.
import type { JsonSchema } from './schema.validator';
import type { NameRule } from './object-meta.validator';

export type BuiltinKind = 'namespaces' | 'secrets' | 'events' | 'customresourcedefinitions';

export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  hasStatus: boolean;
  /** Custom resource (served from a CRD). */
  custom: boolean;
  builtin?: BuiltinKind;
  schema?: JsonSchema;
  /** Storage key shared by all versions of a resource. */
  storeKey: string;
  fieldSelectors: string[];
  nameRule: NameRule;
  patchTypes: string[];
  /** DELETE answers with the object (custom resources) instead of a Status. */
  returnDeletedObject: boolean;
  /** The CRD name when custom. */
  crdName?: string;
  /** Resources that only accept create (reviews) are answered by their own handlers. */
  createOnly?: boolean;
}

export const CR_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
export const BUILTIN_PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];
const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CR_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
const META_FIELDS = ['metadata.name', 'metadata.namespace'];

function builtins(): ResourceDef[] {
  const base = { custom: false, returnDeletedObject: false, patchTypes: BUILTIN_PATCH_TYPES, categories: [] as string[] };
  return [
    {
      ...base,
      group: '',
      version: 'v1',
      plural: 'namespaces',
      singular: 'namespace',
      kind: 'Namespace',
      listKind: 'NamespaceList',
      namespaced: false,
      shortNames: ['ns'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      hasStatus: true,
      builtin: 'namespaces',
      storeKey: '/namespaces',
      fieldSelectors: ['metadata.name', 'status.phase'],
      nameRule: 'label',
      returnDeletedObject: true,
    },
    {
      ...base,
      group: '',
      version: 'v1',
      plural: 'secrets',
      singular: 'secret',
      kind: 'Secret',
      listKind: 'SecretList',
      namespaced: true,
      shortNames: [],
      verbs: ALL_VERBS,
      hasStatus: false,
      builtin: 'secrets',
      storeKey: '/secrets',
      fieldSelectors: ['metadata.name', 'metadata.namespace', 'type'],
      nameRule: 'subdomain',
    },
    {
      ...base,
      group: '',
      version: 'v1',
      plural: 'events',
      singular: 'event',
      kind: 'Event',
      listKind: 'EventList',
      namespaced: true,
      shortNames: ['ev'],
      verbs: ALL_VERBS,
      hasStatus: false,
      builtin: 'events',
      storeKey: '/events',
      fieldSelectors: [
        'involvedObject.apiVersion',
        'involvedObject.fieldPath',
        'involvedObject.kind',
        'involvedObject.name',
        'involvedObject.namespace',
        'involvedObject.resourceVersion',
        'involvedObject.uid',
        'metadata.name',
        'metadata.namespace',
        'reason',
        'reportingComponent',
        'source',
        'type',
      ],
      nameRule: 'path',
    },
    {
      ...base,
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
      singular: 'customresourcedefinition',
      kind: 'CustomResourceDefinition',
      listKind: 'CustomResourceDefinitionList',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      verbs: ALL_VERBS,
      hasStatus: true,
      builtin: 'customresourcedefinitions',
      storeKey: 'apiextensions.k8s.io/customresourcedefinitions',
      fieldSelectors: META_FIELDS,
      nameRule: 'subdomain',
      patchTypes: CR_PATCH_TYPES,
    },
  ];
}

function reviewResources(): ResourceDef[] {
  const mk = (group: string, plural: string, kind: string, namespaced = false): ResourceDef => ({
    group,
    version: 'v1',
    plural,
    singular: plural.replace(/s$/, ''),
    kind,
    listKind: `${kind}List`,
    namespaced,
    shortNames: [],
    categories: [],
    verbs: ['create'],
    hasStatus: false,
    custom: false,
    storeKey: `${group}/${plural}`,
    fieldSelectors: META_FIELDS,
    nameRule: 'subdomain',
    patchTypes: [],
    returnDeletedObject: false,
    createOnly: true,
  });
  return [
    mk('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview'),
    mk('authentication.k8s.io', 'tokenreviews', 'TokenReview'),
    mk('authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true),
    mk('authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
    mk('authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
    mk('authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview'),
  ];
}

type Rec = Record<string, unknown>;
function rec(v: unknown): Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {};
}
function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The served versions of one CRD as resource definitions; throws on a malformed CRD. */
export function defsFromCrd(crd: unknown): ResourceDef[] {
  const c = rec(crd);
  const spec = rec(c.spec);
  const names = rec(spec.names);
  const group = typeof spec.group === 'string' ? spec.group : '';
  const plural = typeof names.plural === 'string' ? names.plural : '';
  const kind = typeof names.kind === 'string' ? names.kind : '';
  if (group === '' || plural === '' || kind === '') throw new Error('CustomResourceDefinition needs spec.group, spec.names.plural and spec.names.kind');
  const versions = Array.isArray(spec.versions) ? spec.versions.map(rec) : [];
  const out: ResourceDef[] = [];
  for (const v of versions) {
    if (v.served !== true) continue;
    const subresources = rec(v.subresources);
    out.push({
      group,
      version: String(v.name),
      plural,
      singular: typeof names.singular === 'string' && names.singular !== '' ? names.singular : kind.toLowerCase(),
      kind,
      listKind: typeof names.listKind === 'string' && names.listKind !== '' ? names.listKind : `${kind}List`,
      namespaced: spec.scope !== 'Cluster',
      shortNames: strs(names.shortNames),
      categories: strs(names.categories),
      verbs: CR_VERBS,
      hasStatus: subresources.status !== undefined,
      custom: true,
      schema: rec(v.schema).openAPIV3Schema as JsonSchema | undefined,
      storeKey: `${group}/${plural}`,
      fieldSelectors: META_FIELDS,
      nameRule: 'subdomain',
      patchTypes: CR_PATCH_TYPES,
      returnDeletedObject: true,
      crdName: `${plural}.${group}`,
    });
  }
  return out;
}

export interface ResourceRegistry {
  find(group: string, version: string, plural: string): ResourceDef | undefined;
  /** Groups with their served versions, in registration order (core first). */
  groups(): { name: string; versions: string[] }[];
  resourcesOf(group: string, version: string): ResourceDef[];
  addCrd(crd: unknown): ResourceDef[];
  removeCrd(crdName: string): ResourceDef[];
}

export function createResourceRegistry(): ResourceRegistry {
  const defs: ResourceDef[] = [...builtins(), ...reviewResources()];
  const key = (g: string, v: string, p: string): string => `${g}/${v}/${p}`;
  const index = new Map<string, ResourceDef>();
  const reindex = (): void => {
    index.clear();
    for (const d of defs) index.set(key(d.group, d.version, d.plural), d);
  };
  reindex();
  return {
    find: (g, v, p) => index.get(key(g, v, p)),
    groups() {
      const out: { name: string; versions: string[] }[] = [];
      for (const d of defs) {
        let g = out.find((x) => x.name === d.group);
        if (g === undefined) {
          g = { name: d.group, versions: [] };
          out.push(g);
        }
        if (!g.versions.includes(d.version)) g.versions.push(d.version);
      }
      return out;
    },
    resourcesOf: (g, v) => defs.filter((d) => d.group === g && d.version === v),
    addCrd(crd) {
      const added = defsFromCrd(crd);
      const name = added[0]?.crdName;
      if (name !== undefined) {
        for (let i = defs.length - 1; i >= 0; i--) if (defs[i]?.crdName === name) defs.splice(i, 1);
      }
      defs.push(...added);
      reindex();
      return added;
    },
    removeCrd(crdName) {
      const removed = defs.filter((d) => d.crdName === crdName);
      for (let i = defs.length - 1; i >= 0; i--) if (defs[i]?.crdName === crdName) defs.splice(i, 1);
      reindex();
      return removed;
    },
  };
}

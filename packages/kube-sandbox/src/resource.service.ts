// Resource verbs (get, list, create, update, patch, delete, deletecollection, watch) over the
// object store, following the generic registry and apiextensions semantics of kube-apiserver.
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import {
  ApiStatusError,
  OPTIMISTIC_LOCK_MESSAGE,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  genericUnprocessable,
  internalError,
  invalid,
  methodNotAllowed,
  notFound,
  requestEntityTooLarge,
  resourceExpired,
  successStatus,
  unsupportedMediaType,
  type FieldError,
  type GroupResource,
} from './api-status.errors';
import type { CelRuleChecker } from './cel-rules.validator';
import { goJsonKind, GoJsonSyntaxError, parseGoJson } from './go-json.parser';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, JsonPatchError } from './json-patch.patcher';
import { validateObjectMeta } from './object-meta.validator';
import { metaString, type Obj, type ObjectStore, type StoreEvent, type StoredObject } from './object.store';
import type { ResourceDef, ResourceRegistry } from './resource.registry';
import { processCustomResource, pruneObjectMeta } from './schema.validator';
import { prepareSecret, validateSecret, validateSecretUpdate } from './secret.validator';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorParseError,
  type FieldSelector,
  type LabelSelector,
} from './selectors.parser';

export interface ResourceRequest {
  def: ResourceDef;
  /** '' for cluster-scoped resources and all-namespace requests. */
  namespace: string;
  name: string;
  subresource: string;
  query: URLSearchParams;
  contentType: string;
  body: Buffer | undefined;
}

export interface Reply {
  status: number;
  body: string;
}

export interface WatchSink {
  /** Writes one line; returns false when the client is gone or too slow. */
  write(line: string): boolean;
  end(): void;
  onClose(cb: () => void): void;
}

export interface ResourceService {
  get(req: ResourceRequest): Reply;
  list(req: ResourceRequest): Reply;
  create(req: ResourceRequest): Reply;
  update(req: ResourceRequest): Reply;
  patch(req: ResourceRequest): Reply;
  delete(req: ResourceRequest): Reply;
  deleteCollection(req: ResourceRequest): Reply;
  watch(req: ResourceRequest, sink: WatchSink): void;
  /** Creates a CRD object and serves its resources (used for the initial CRDs). */
  installCrd(crd: unknown): void;
  ensureNamespace(name: string): void;
  /** Sends BOOKMARK events to the watches that asked for them. */
  tickBookmarks(): void;
  closeWatches(): void;
}

const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (isObject(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeysDeep(v[k]);
    return out;
  }
  return v;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function gr(def: ResourceDef): GroupResource {
  return { group: def.group, resource: def.plural };
}

function apiVersionOf(def: ResourceDef): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}

function meta(obj: Obj): Obj {
  if (!isObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as Obj;
}

function stripForSpecCompare(obj: Obj, dropStatus: boolean): string {
  const rest: Obj = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'metadata' || (dropStatus && k === 'status')) continue;
    rest[k] = v;
  }
  return JSON.stringify(sortKeysDeep(rest));
}

/** Go base64.StdEncoding decode check: returns the byte offset of the first error, or -1. */
export function base64ErrorOffset(s: string): number {
  const alphabet = /[A-Za-z0-9+/]/;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const start = i;
    let j = 0;
    for (; j < 4; j++) {
      if (i === n) {
        if (j === 0) return -1;
        return start; // missing padding: Go reports the start of the quantum
      }
      const ch = s[i] as string;
      if (ch === '=') {
        if (j < 2) return i;
        if (j === 2) {
          if (i + 1 >= n || s[i + 1] !== '=') return i + 1 >= n ? n : i + 1;
          i += 2;
        } else i += 1;
        if (i < n) return i;
        return -1;
      }
      if (!alphabet.test(ch)) return i;
      i++;
    }
  }
  return -1;
}

function decodeBody(req: ResourceRequest): Obj {
  const ct = req.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const text = req.body?.toString('utf8') ?? '';
  let parsed: unknown;
  if (ct === '' || ct === 'application/json' || ct === '*/*') {
    const body = req.body ?? Buffer.alloc(0);
    try {
      parsed = parseGoJson(body).value;
    } catch (e) {
      if (e instanceof GoJsonSyntaxError) throw unrecognized(req.def, `couldn't get version/kind; json parse error: ${e.message}`, body);
      throw e;
    }
    if (parsed === null) {
      // a typed object decodes `null` as an empty object; the unstructured decoder finds no kind
      if (req.def.custom) throw unrecognized(req.def, "Object 'Kind' is missing in 'null'", body);
      parsed = {};
    }
    if (!isObject(parsed) && parsed !== null) {
      throw unrecognized(req.def, `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonKind(parsed)} into Go value of type ${FIND_KIND_STRUCT}`, body);
    }
  } else if (ct === 'application/yaml') {
    try {
      parsed = parseYaml(text);
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
    }
  } else {
    throw unsupportedMediaType(
      req.def.custom
        ? ['application/json', 'application/yaml']
        : ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
    );
  }
  if (!isObject(parsed)) throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  return checkTypeMeta(req.def, parsed, text);
}

/** The group and kind an Invalid error names: a custom resource's own kind, as decoded. */
function groupKindOf(def: ResourceDef, obj: Obj): { group: string; kind: string } {
  return { group: def.group, kind: def.custom && typeof obj.kind === 'string' && obj.kind !== '' ? obj.kind : def.kind };
}

/** kube-apiserver's summarizeData(body, 30): a JSON object's text, anything else in hex. */
function summarizeBody(body: Buffer): string {
  if (body.length === 0) return '<empty>';
  const head = body.subarray(0, 30);
  const more = body.length > 30 ? ' ...' : '';
  return body[0] === 0x7b ? `${head.toString('utf8')}${more}` : `${head.toString('hex')}${more}`;
}

/** transformDecodeError without a decoded kind: "the object provided is unrecognized". */
function unrecognized(def: ResourceDef, cause: string, body: Buffer): ApiStatusError {
  return badRequest(`the object provided is unrecognized (must be of type ${def.kind}): ${cause} (${summarizeBody(body)})`);
}

const FIND_KIND_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function checkTypeMeta(def: ResourceDef, obj: Obj, raw: string): Obj {
  const expected = apiVersionOf(def);
  if (def.custom) {
    // the unstructured decoder reports these without a kind: "the object provided is unrecognized"
    const body = Buffer.from(raw, 'utf8');
    if (typeof obj.kind !== 'string' || obj.kind === '') throw unrecognized(def, `Object 'Kind' is missing in '${raw}'`, body);
    if (obj.apiVersion !== expected) {
      const got = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
      throw badRequest(`the API version in the data (${got}) does not match the expected API version (${expected})`);
    }
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected})`);
  }
  if (def.custom) {
    // the kind is checked by validation (422 on the field `kind`), after decoding
    obj.apiVersion = expected;
    return checkMetadataShape(def, obj);
  }
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${def.kind})`);
  }
  obj.apiVersion = expected;
  obj.kind = def.kind;
  return checkMetadataShape(def, obj);
}

function checkMetadataShape(def: ResourceDef, obj: Obj): Obj {
  if (obj.metadata !== undefined && obj.metadata !== null && !isObject(obj.metadata)) {
    throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: metadata must be an object`);
  }
  return obj;
}

interface Watcher {
  def: ResourceDef;
  namespace: string;
  labels: LabelSelector;
  fields: FieldSelector;
  name: string;
  bookmarks: boolean;
  lastRv: number;
  sink: WatchSink;
  stop: () => void;
}

export function createResourceService(opts: {
  store: ObjectStore;
  registry: ResourceRegistry;
  /** Delay before a terminating namespace's contents are removed. */
  namespaceFinalizeDelayMs?: number;
  /** Evaluates the CRDs' `x-kubernetes-validations`; without it they are not enforced. */
  celRules?: CelRuleChecker;
}): ResourceService {
  const { store, registry } = opts;
  const watchers = new Set<Watcher>();
  const nsKey = '/namespaces';

  // ---------- presentation ----------

  function present(def: ResourceDef, stored: StoredObject): string {
    if (stored.obj.apiVersion === apiVersionOf(def)) return stored.json;
    return JSON.stringify({ ...stored.obj, apiVersion: apiVersionOf(def) });
  }

  function listItem(def: ResourceDef, stored: StoredObject): string {
    if (def.custom) return present(def, stored);
    const rest: Obj = {};
    for (const [k, v] of Object.entries(stored.obj)) if (k !== 'kind' && k !== 'apiVersion') rest[k] = v;
    return JSON.stringify(rest);
  }

  function listBody(def: ResourceDef, items: string[], listMeta: Obj): string {
    if (def.custom) {
      return `{"apiVersion":${JSON.stringify(apiVersionOf(def))},"items":[${items.join(',')}],"kind":${JSON.stringify(def.listKind)},"metadata":${JSON.stringify(sortKeysDeep(listMeta))}}`;
    }
    return `{"kind":${JSON.stringify(def.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(def))},"metadata":${JSON.stringify(listMeta)},"items":[${items.join(',')}]}`;
  }

  // ---------- selectors ----------

  function selectors(req: ResourceRequest): { labels: LabelSelector; fields: FieldSelector } {
    try {
      const fields = parseFieldSelector(req.query.get('fieldSelector'), req.def.fieldSelectors);
      const labels = parseLabelSelector(req.query.get('labelSelector'));
      return { labels, fields };
    } catch (e) {
      if (e instanceof SelectorParseError) throw badRequest(e.message);
      throw e;
    }
  }

  function matches(obj: Obj, labels: LabelSelector, fields: FieldSelector): boolean {
    const m = obj.metadata as Obj | undefined;
    if (labels.length > 0 && !matchesLabels(labels, m?.labels as Record<string, string> | undefined)) return false;
    if (fields.length > 0 && !matchesFields(fields, obj)) return false;
    return true;
  }

  // ---------- namespaces ----------

  function namespaceState(name: string): 'missing' | 'active' | 'terminating' {
    const ns = store.get(nsKey, '', name);
    if (ns === undefined) return 'missing';
    return isObject(ns.obj.metadata) && ns.obj.metadata.deletionTimestamp != null ? 'terminating' : 'active';
  }

  function requireNamespaceForCreate(def: ResourceDef, namespace: string, name: string): void {
    const state = namespaceState(namespace);
    if (state === 'missing') throw notFound({ group: '', resource: 'namespaces' }, namespace);
    if (state === 'terminating') {
      const msg = `unable to create new content in namespace ${namespace} because it is being terminated`;
      const err = forbidden(gr(def), name, msg);
      if (err.status.details !== undefined) err.status.details.causes = [{ reason: 'NamespaceTerminating', message: msg, field: 'metadata.namespace' }];
      throw err;
    }
  }

  const finalizeTimers = new Set<NodeJS.Timeout>();

  function finalizeNamespace(name: string): void {
    const ns = store.get(nsKey, '', name);
    if (ns === undefined) return;
    const defs = new Map<string, ResourceDef>();
    for (const g of registry.groups()) for (const v of g.versions) for (const d of registry.resourcesOf(g.name, v)) if (d.namespaced && !d.createOnly) defs.set(d.storeKey, d);
    for (const def of defs.values()) {
      for (const o of store.list(def.storeKey, name)) deleteStored(def, o, false);
    }
    if (store.namespacesInUse(name) === 0) {
      const current = store.get(nsKey, '', name);
      if (current !== undefined) {
        const obj = structuredClone(current.obj);
        (meta(obj) as Obj).finalizers = undefined;
        const spec = isObject(obj.spec) ? obj.spec : {};
        spec.finalizers = [];
        obj.spec = spec;
        store.write(nsKey, '', name, sortKeysDeep(obj) as Obj);
        store.remove(nsKey, '', name);
      }
    }
  }

  function scheduleNamespaceFinalize(name: string): void {
    const t = setTimeout(() => {
      finalizeTimers.delete(t);
      finalizeNamespace(name);
    }, opts.namespaceFinalizeDelayMs ?? 0);
    t.unref();
    finalizeTimers.add(t);
  }

  // ---------- type-specific preparation ----------

  function checkSecretEncoding(obj: Obj): void {
    if (obj.data === undefined || obj.data === null) return;
    if (!isObject(obj.data)) throw badRequest('Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal into Go struct field Secret.data of type map[string][]uint8');
    for (const v of Object.values(obj.data)) {
      if (v === null) continue;
      if (typeof v !== 'string') {
        throw badRequest(`Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${typeof v} into Go struct field Secret.data of type []uint8`);
      }
      const off = base64ErrorOffset(v);
      if (off >= 0) throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${off}`);
    }
  }

  function prepareNamespace(obj: Obj, name: string, old: Obj | undefined): void {
    const m = meta(obj);
    const labels = isObject(m.labels) ? { ...m.labels } : {};
    labels['kubernetes.io/metadata.name'] = name;
    m.labels = labels;
    if (old === undefined) {
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    } else {
      obj.spec = old.spec;
    }
  }

  function crdObjectFor(crd: Obj): Obj {
    const spec = isObject(crd.spec) ? crd.spec : {};
    const names = isObject(spec.names) ? { ...spec.names } : {};
    if (typeof names.singular !== 'string' && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
    if (typeof names.listKind !== 'string' && typeof names.kind === 'string') names.listKind = `${names.kind}List`;
    spec.names = names;
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    const storage = versions.filter(isObject).find((v) => v.storage === true);
    const ts = now();
    crd.status = {
      acceptedNames: names,
      conditions: [
        { lastTransitionTime: ts, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
        { lastTransitionTime: ts, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' },
      ],
      storedVersions: storage !== undefined ? [storage.name] : [],
    };
    return crd;
  }

  function validateCrd(obj: Obj): FieldError[] {
    const errs: FieldError[] = [];
    const spec = isObject(obj.spec) ? obj.spec : {};
    const names = isObject(spec.names) ? spec.names : {};
    const name = metaString(obj, 'name');
    if (typeof spec.group !== 'string' || spec.group === '') errs.push({ type: 'FieldValueRequired', field: 'spec.group', detail: '' });
    if (typeof names.plural !== 'string' || names.plural === '') errs.push({ type: 'FieldValueRequired', field: 'spec.names.plural', detail: '' });
    if (typeof names.kind !== 'string' || names.kind === '') errs.push({ type: 'FieldValueRequired', field: 'spec.names.kind', detail: '' });
    if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
      errs.push({ type: 'FieldValueNotSupported', field: 'spec.scope', value: spec.scope ?? '', detail: 'supported values: "Cluster", "Namespaced"' });
    }
    if (typeof spec.group === 'string' && typeof names.plural === 'string' && name !== `${names.plural}.${spec.group}`) {
      errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: `must be spec.names.plural+"."+spec.group` });
    }
    if (!Array.isArray(spec.versions) || spec.versions.length === 0) errs.push({ type: 'FieldValueInvalid', field: 'spec.versions', value: '', detail: 'must have exactly one version marked as storage version' });
    return errs;
  }

  /** Type-specific defaulting + validation for an object about to be stored. */
  function prepareAndValidate(def: ResourceDef, obj: Obj, old: StoredObject | undefined, subresource: string): FieldError[] {
    // apiextensions' ValidateTypeMeta runs first and alone: a custom resource decodes whatever kind it names.
    if (def.custom && obj.kind !== def.kind) return [{ type: 'FieldValueInvalid', field: 'kind', value: obj.kind, detail: `must be ${def.kind}` }];
    const m = meta(obj);
    const errs: FieldError[] = [];
    if (subresource !== 'status') errs.push(...validateObjectMeta(m, { rule: def.nameRule, namespaced: def.namespaced }));
    if (def.custom) {
      pruneObjectMeta(m);
      errs.push(...processCustomResource(obj, def.schema, opts.celRules));
    } else if (def.builtin === 'secrets') {
      prepareSecret(obj);
      errs.push(...(old === undefined ? validateSecret(obj) : validateSecretUpdate(obj, old.obj)));
    } else if (def.builtin === 'namespaces') {
      if (subresource !== 'status') prepareNamespace(obj, metaString(obj, 'name'), old?.obj);
    } else if (def.builtin === 'customresourcedefinitions') {
      errs.push(...validateCrd(obj));
    }
    return errs;
  }

  function afterWrite(def: ResourceDef, stored: StoredObject | undefined, removed: boolean): void {
    if (def.builtin !== 'customresourcedefinitions' || stored === undefined) return;
    const name = metaString(stored.obj, 'name');
    if (removed) {
      const defs = registry.removeCrd(name);
      const key = defs[0]?.storeKey;
      if (key !== undefined) {
        for (const o of store.list(key)) store.remove(key, metaString(o.obj, 'namespace'), metaString(o.obj, 'name'));
      }
    } else {
      registry.addCrd(stored.obj);
    }
  }

  // ---------- verbs ----------

  function requireName(req: ResourceRequest): void {
    if (req.name === '') throw methodNotAllowed();
  }

  function getStored(req: ResourceRequest): StoredObject {
    const found = store.get(req.def.storeKey, req.def.namespaced ? req.namespace : '', req.name);
    if (found === undefined) throw notFound(gr(req.def), req.name);
    return found;
  }

  function isDryRun(q: URLSearchParams, body?: Obj): boolean {
    if (q.getAll('dryRun').includes('All')) return true;
    const bodyDry = body?.dryRun;
    return Array.isArray(bodyDry) && bodyDry.includes('All');
  }

  function checkDryRunValues(q: URLSearchParams): void {
    for (const v of q.getAll('dryRun')) {
      if (v !== 'All') {
        throw invalid({ group: 'meta.k8s.io', kind: 'CreateOptions' }, '', [
          { type: 'FieldValueNotSupported', field: 'dryRun', value: [v], detail: 'supported values: "All"' },
        ]);
      }
    }
  }

  function create(req: ResourceRequest, decoded?: Obj): Reply {
    const { def } = req;
    if (def.namespaced && req.namespace === '') throw methodNotAllowed();
    if (req.name !== '' || req.subresource !== '') throw methodNotAllowed();
    checkDryRunValues(req.query);
    const obj = decoded ?? decodeBody(req);
    if (def.builtin === 'secrets') checkSecretEncoding(obj);
    const m = meta(obj);
    if (def.namespaced) {
      const bodyNs = typeof m.namespace === 'string' ? m.namespace : '';
      if (bodyNs !== '' && bodyNs !== req.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      m.namespace = req.namespace;
    } else {
      delete m.namespace;
    }
    if (typeof m.resourceVersion === 'string' && m.resourceVersion !== '') {
      throw internalError('resourceVersion should not be set on objects to be created');
    }
    if ((typeof m.name !== 'string' || m.name === '') && typeof m.generateName === 'string' && m.generateName !== '') {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
      m.name = `${m.generateName.slice(0, 63 - 5)}${suffix}`;
    }
    const name = typeof m.name === 'string' ? m.name : '';
    if (def.namespaced && name !== '') requireNamespaceForCreate(def, req.namespace, name);
    else if (def.namespaced) requireNamespaceForCreate(def, req.namespace, '');
    m.uid = randomUUID();
    m.creationTimestamp = now();
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    delete m.selfLink;
    delete m.managedFields;
    if (def.custom) {
      m.generation = 1;
      if (def.hasStatus) delete obj.status;
    } else delete m.generation;
    const errs = prepareAndValidate(def, obj, undefined, '');
    if (errs.length > 0) throw invalid(groupKindOf(def, obj), name, errs);
    if (def.builtin === 'customresourcedefinitions') crdObjectFor(obj);
    const ns = def.namespaced ? req.namespace : '';
    if (store.get(def.storeKey, ns, name) !== undefined) throw alreadyExists(gr(def), name);
    const canonical = sortKeysDeep(obj) as Obj;
    if (isDryRun(req.query)) {
      return { status: 201, body: JSON.stringify(canonical) };
    }
    const stored = store.write(def.storeKey, ns, name, canonical);
    afterWrite(def, stored, false);
    return { status: 201, body: present(def, stored) };
  }

  function finalizersOf(obj: Obj): string[] {
    const f = (obj.metadata as Obj | undefined)?.finalizers;
    return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Common path of PUT and PATCH: `incoming` is the full desired object. */
  /** `conditional`: a PUT, where custom resources (no unconditional updates) need a resourceVersion. */
  function updateWith(req: ResourceRequest, incoming: Obj, existing: StoredObject, dryRun: boolean, conditional = false): Reply {
    const { def } = req;
    const im = meta(incoming);
    const bodyName = typeof im.name === 'string' ? im.name : '';
    if (bodyName !== '' && bodyName !== req.name) {
      throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${req.name})`);
    }
    if (def.namespaced) {
      const bodyNs = typeof im.namespace === 'string' ? im.namespace : '';
      if (bodyNs !== '' && bodyNs !== req.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const rv = im.resourceVersion;
    if (conditional && def.custom && (rv === undefined || rv === null || rv === '')) {
      throw invalid({ group: def.group, kind: def.plural }, req.name, [
        { type: 'FieldValueInvalid', field: 'metadata.resourceVersion', value: 0, detail: 'must be specified for an update' },
      ]);
    }
    if (rv !== undefined && rv !== null && rv !== '') {
      if (String(rv) !== String(existing.rv)) {
        if (!/^\d+$/.test(String(rv))) {
          throw invalid({ group: def.group, kind: def.kind }, req.name, [
            { type: 'FieldValueInvalid', field: 'metadata.resourceVersion', value: String(rv), detail: 'must be specified for an update' },
          ]);
        }
        throw conflict(gr(def), req.name, OPTIMISTIC_LOCK_MESSAGE);
      }
    }
    const old = existing.obj;
    const oldMeta = old.metadata as Obj;
    let candidate: Obj;
    if (req.subresource === 'status') {
      candidate = structuredClone(old);
      if (incoming.status !== undefined) candidate.status = incoming.status;
      else delete candidate.status;
    } else {
      candidate = incoming;
      if (def.hasStatus) {
        if (old.status !== undefined) candidate.status = structuredClone(old.status);
        else delete candidate.status;
      }
    }
    const cm = meta(candidate);
    const errs: FieldError[] = [];
    if (cm.uid !== undefined && cm.uid !== '' && cm.uid !== oldMeta.uid) {
      errs.push({ type: 'FieldValueInvalid', field: 'metadata.uid', value: cm.uid, detail: 'field is immutable' });
    }
    cm.name = req.name;
    if (def.namespaced) cm.namespace = req.namespace;
    else delete cm.namespace;
    cm.uid = oldMeta.uid;
    cm.creationTimestamp = oldMeta.creationTimestamp;
    for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
      if (oldMeta[k] !== undefined) cm[k] = oldMeta[k];
      else delete cm[k];
    }
    delete cm.selfLink;
    delete cm.generateName;
    if (oldMeta.generateName !== undefined) cm.generateName = oldMeta.generateName;
    delete cm.resourceVersion;
    if (oldMeta.deletionTimestamp != null) {
      const before = new Set(finalizersOf(old));
      const added = finalizersOf(candidate).filter((f) => !before.has(f));
      if (added.length > 0) {
        errs.push({
          type: 'FieldValueForbidden',
          field: 'metadata.finalizers',
          detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((a) => JSON.stringify(a)).join(', ')}}`,
        });
      }
    }
    errs.push(...prepareAndValidate(def, candidate, existing, req.subresource));
    if (errs.length > 0) throw invalid(groupKindOf(def, candidate), req.name, errs);
    if (def.custom && req.subresource !== 'status' && typeof oldMeta.generation === 'number') {
      if (stripForSpecCompare(old, def.hasStatus) !== stripForSpecCompare(candidate, def.hasStatus)) cm.generation = oldMeta.generation + 1;
    }
    if (def.builtin === 'customresourcedefinitions') candidate.status = old.status;
    cm.resourceVersion = String(existing.rv);
    const canonical = sortKeysDeep(candidate) as Obj;
    (canonical.metadata as Obj).resourceVersion = String(existing.rv);
    const sameAsStored = JSON.stringify(canonical) === JSON.stringify(sortKeysDeep(old));
    if (sameAsStored) return { status: 200, body: present(def, existing) };
    if (dryRun) return { status: 200, body: JSON.stringify(canonical) };
    const ns = def.namespaced ? req.namespace : '';
    const stored = store.write(def.storeKey, ns, req.name, canonical);
    afterWrite(def, stored, false);
    if (oldMeta.deletionTimestamp != null && finalizersOf(canonical).length === 0 && !(def.builtin === 'namespaces')) {
      store.remove(def.storeKey, ns, req.name);
      afterWrite(def, stored, true);
      onNamespacedRemoval(ns);
    }
    return { status: 200, body: present(def, stored) };
  }

  function onNamespacedRemoval(ns: string): void {
    if (ns !== '' && namespaceState(ns) === 'terminating') scheduleNamespaceFinalize(ns);
  }

  function update(req: ResourceRequest): Reply {
    requireName(req);
    checkDryRunValues(req.query);
    const incoming = decodeBody(req);
    if (req.def.builtin === 'secrets') checkSecretEncoding(incoming);
    const existing = getStored(req);
    return updateWith(req, incoming, existing, isDryRun(req.query), true);
  }

  function patch(req: ResourceRequest): Reply {
    requireName(req);
    const { def } = req;
    const ct = req.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!def.patchTypes.includes(ct)) throw unsupportedMediaType(def.patchTypes);
    checkDryRunValues(req.query);
    const text = req.body?.toString('utf8') ?? '';
    const dryRun = isDryRun(req.query);
    if (ct === 'application/apply-patch+yaml') {
      const fieldManager = req.query.get('fieldManager') ?? '';
      if (fieldManager === '') {
        throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
          { type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' },
        ]);
      }
      let applied: unknown;
      try {
        applied = parseYaml(text);
      } catch (e) {
        throw badRequest(`error decoding YAML: ${(e as Error).message}`);
      }
      if (!isObject(applied)) throw badRequest('error decoding YAML: the applied configuration must be an object');
      checkTypeMeta(def, applied, text);
      const existing = store.get(def.storeKey, def.namespaced ? req.namespace : '', req.name);
      if (existing === undefined) {
        const am = meta(applied);
        if (am.name === undefined) am.name = req.name;
        if (am.name !== req.name) throw badRequest(`the name of the object (${String(am.name)}) does not match the name on the URL (${req.name})`);
        return create({ ...req, name: '', subresource: '' }, applied);
      }
      const merged = applyMergePatch(JSON.parse(present(def, existing)), stripNulls(applied)) as Obj;
      return updateWith(req, merged, existing, dryRun);
    }
    const existing = getStored(req);
    const current: unknown = JSON.parse(present(def, existing));
    let patched: unknown;
    if (ct === 'application/json-patch+json') {
      try {
        patched = applyJsonPatch(current, text);
      } catch (e) {
        if (e instanceof JsonPatchError) {
          if (e.kind === 'too-large') throw requestEntityTooLarge(e.message);
          throw e.kind === 'decode' ? badRequest(e.message) : genericUnprocessable();
        }
        throw e;
      }
    } else {
      let p: unknown;
      try {
        p = JSON.parse(text);
      } catch {
        throw badRequest('Invalid JSON Patch');
      }
      patched = ct === 'application/strategic-merge-patch+json' ? applyStrategicMergePatch(current, p) : applyMergePatch(current, p);
    }
    if (!isObject(patched)) throw badRequest('the patched object is not a JSON object');
    const raw = JSON.stringify(patched);
    try {
      checkTypeMeta(def, patched, raw);
    } catch (e) {
      if (e instanceof ApiStatusError) {
        throw invalid({ group: '', kind: '' }, '', [{ type: 'FieldValueInvalid', field: 'patch', value: raw, detail: e.status.message ?? '' }]);
      }
      throw e;
    }
    if (def.builtin === 'secrets') checkSecretEncoding(patched);
    return updateWith(req, patched, existing, dryRun);
  }

  function stripNulls(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(stripNulls);
    if (isObject(v)) {
      const out: Obj = {};
      for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = stripNulls(x);
      return out;
    }
    return v;
  }

  /** Deletes or marks for deletion; returns the reply body object. */
  function deleteStored(def: ResourceDef, existing: StoredObject, dryRun: boolean): { body: string; deleted: boolean } {
    const ns = metaString(existing.obj, 'namespace');
    const name = metaString(existing.obj, 'name');
    const m = existing.obj.metadata as Obj;
    if (def.builtin === 'namespaces') {
      if (m.deletionTimestamp != null) return { body: present(def, existing), deleted: false };
      const obj = structuredClone(existing.obj);
      const om = meta(obj);
      om.deletionTimestamp = now();
      om.deletionGracePeriodSeconds = 0;
      obj.status = { phase: 'Terminating' };
      if (dryRun) return { body: JSON.stringify(obj), deleted: false };
      const stored = store.write(def.storeKey, '', name, sortKeysDeep(obj) as Obj);
      scheduleNamespaceFinalize(name);
      return { body: present(def, stored), deleted: false };
    }
    if (finalizersOf(existing.obj).length > 0) {
      if (m.deletionTimestamp != null) return { body: present(def, existing), deleted: false };
      const obj = structuredClone(existing.obj);
      const om = meta(obj);
      if (typeof om.generation === 'number' && om.generation > 0) om.generation += 1;
      om.deletionTimestamp = now();
      om.deletionGracePeriodSeconds = 0;
      if (dryRun) return { body: JSON.stringify(obj), deleted: false };
      const stored = store.write(def.storeKey, ns, name, sortKeysDeep(obj) as Obj);
      return { body: present(def, stored), deleted: false };
    }
    const body = def.returnDeletedObject
      ? present(def, existing)
      : JSON.stringify(successStatus({ name, ...(def.group !== '' ? { group: def.group } : {}), kind: def.plural, uid: String(m.uid ?? '') }));
    if (dryRun) return { body, deleted: true };
    store.remove(def.storeKey, ns, name);
    afterWrite(def, existing, true);
    onNamespacedRemoval(ns);
    return { body, deleted: true };
  }

  function deleteOptions(req: ResourceRequest): Obj {
    const text = req.body?.toString('utf8').trim() ?? '';
    if (text === '') return {};
    try {
      const parsed: unknown = JSON.parse(text);
      return isObject(parsed) ? parsed : {};
    } catch {
      throw badRequest('the body of the request could not be decoded as DeleteOptions');
    }
  }

  function del(req: ResourceRequest): Reply {
    if (req.name === '') return deleteCollection(req);
    if (req.subresource !== '') throw methodNotAllowed();
    checkDryRunValues(req.query);
    const options = deleteOptions(req);
    const existing = getStored(req);
    const pre = isObject(options.preconditions) ? options.preconditions : {};
    const m = existing.obj.metadata as Obj;
    if (typeof pre.uid === 'string' && pre.uid !== m.uid) {
      throw conflict(gr(req.def), req.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(m.uid)}`);
    }
    if (typeof pre.resourceVersion === 'string' && pre.resourceVersion !== String(existing.rv)) {
      throw conflict(
        gr(req.def),
        req.name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.rv}`,
      );
    }
    const result = deleteStored(req.def, existing, isDryRun(req.query, options));
    return { status: 200, body: result.body };
  }

  function deleteCollection(req: ResourceRequest): Reply {
    const { def } = req;
    if (!def.verbs.includes('deletecollection')) throw methodNotAllowed();
    checkDryRunValues(req.query);
    const { labels, fields } = selectors(req);
    const options = deleteOptions(req);
    const dryRun = isDryRun(req.query, options);
    const items: string[] = [];
    const targets = store.list(def.storeKey, def.namespaced && req.namespace !== '' ? req.namespace : undefined);
    for (const o of targets) {
      if (!matches(o.obj, labels, fields)) continue;
      const r = deleteStored(def, o, dryRun);
      items.push(def.custom ? r.body : listItemFromJson(r.body));
    }
    return { status: 200, body: listBody(def, items, { resourceVersion: String(store.revision()) }) };
  }

  function listItemFromJson(json: string): string {
    const parsed = JSON.parse(json) as Obj;
    delete parsed.kind;
    delete parsed.apiVersion;
    return JSON.stringify(parsed);
  }

  function get(req: ResourceRequest): Reply {
    const existing = getStored(req);
    return { status: 200, body: present(req.def, existing) };
  }

  interface ContinueToken {
    rv: number;
    start: string;
  }

  function encodeContinue(t: ContinueToken): string {
    return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString('base64url');
  }

  function decodeContinue(token: string): ContinueToken {
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Obj;
      if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad');
      return { rv: parsed.rv, start: parsed.start };
    } catch {
      throw badRequest(`invalid continue token: ${token}`);
    }
  }

  function list(req: ResourceRequest): Reply {
    const { def } = req;
    const { labels, fields } = selectors(req);
    const ns = def.namespaced && req.namespace !== '' ? req.namespace : undefined;
    const limitRaw = req.query.get('limit');
    const limit = limitRaw !== null && /^\d+$/.test(limitRaw) ? Number(limitRaw) : 0;
    const cont = req.query.get('continue') ?? '';
    let listRv = store.revision();
    let source: StoredObject[];
    let startKey = '';
    if (cont !== '') {
      const token = decodeContinue(cont);
      const snapshot = store.listAt(def.storeKey, token.rv, ns);
      if (snapshot === undefined) {
        const err = resourceExpired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
        err.status.metadata = { continue: encodeContinue({ rv: store.revision(), start: token.start }) } as never;
        throw err;
      }
      source = snapshot;
      listRv = token.rv;
      startKey = token.start;
    } else {
      source = store.list(def.storeKey, ns);
    }
    const items: string[] = [];
    let i = 0;
    if (startKey !== '') {
      while (i < source.length) {
        const o = source[i] as StoredObject;
        if (`${metaString(o.obj, 'namespace')}/${metaString(o.obj, 'name')}` >= startKey) break;
        i++;
      }
    }
    let lastKey = '';
    let more = false;
    for (; i < source.length; i++) {
      const o = source[i] as StoredObject;
      if (limit > 0 && items.length >= limit) {
        more = true;
        break;
      }
      if (!matches(o.obj, labels, fields)) continue;
      items.push(listItem(def, o));
      lastKey = `${metaString(o.obj, 'namespace')}/${metaString(o.obj, 'name')}`;
    }
    if (more && labels.length + fields.length > 0) {
      // only report "more" if a later item matches
      more = source.slice(i).some((o) => matches(o.obj, labels, fields));
    }
    const listMeta: Obj = { resourceVersion: String(listRv) };
    if (more) {
      listMeta.continue = encodeContinue({ rv: listRv, start: `${lastKey}\u0000` });
      if (labels.length + fields.length === 0) listMeta.remainingItemCount = source.length - i;
    }
    return { status: 200, body: listBody(def, items, listMeta) };
  }

  // ---------- watch ----------

  function watchEventLine(type: string, objectJson: string): string {
    return `{"type":"${type}","object":${objectJson}}\n`;
  }

  function bookmarkLine(def: ResourceDef, rv: number, initialEventsEnd: boolean): string {
    const m: Obj = { resourceVersion: String(rv) };
    if (initialEventsEnd) m.annotations = { 'k8s.io/initial-events-end': 'true' };
    return watchEventLine('BOOKMARK', JSON.stringify({ kind: def.kind, apiVersion: apiVersionOf(def), metadata: m }));
  }

  function watchMatches(w: Watcher, obj: Obj): boolean {
    if (w.name !== '' && metaString(obj, 'name') !== w.name) return false;
    if (w.namespace !== '' && metaString(obj, 'namespace') !== w.namespace) return false;
    return matches(obj, w.labels, w.fields);
  }

  function deliver(w: Watcher, ev: StoreEvent): boolean {
    const nowMatch = watchMatches(w, ev.object.obj);
    const prevMatch = ev.previous !== undefined && ev.type === 'MODIFIED' ? watchMatches(w, ev.previous.obj) : nowMatch;
    let type: string | undefined;
    if (ev.type === 'ADDED') type = nowMatch ? 'ADDED' : undefined;
    else if (ev.type === 'DELETED') type = nowMatch ? 'DELETED' : undefined;
    else if (nowMatch && prevMatch) type = 'MODIFIED';
    else if (nowMatch) type = 'ADDED';
    else if (prevMatch) type = 'DELETED';
    if (type === undefined) return true;
    w.lastRv = Math.max(w.lastRv, ev.rv);
    return w.sink.write(watchEventLine(type, present(w.def, ev.object)));
  }

  function watch(req: ResourceRequest, sink: WatchSink): void {
    const { def } = req;
    const { labels, fields } = selectors(req);
    const rvParam = req.query.get('resourceVersion') ?? '';
    if (rvParam !== '' && !/^\d+$/.test(rvParam)) throw badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(rvParam)}: invalid syntax`);
    const sendInitial = req.query.get('sendInitialEvents') === 'true';
    const bookmarks = ['true', '1'].includes(req.query.get('allowWatchBookmarks') ?? '');
    const w: Watcher = {
      def,
      namespace: def.namespaced ? req.namespace : '',
      labels,
      fields,
      name: req.name,
      bookmarks,
      lastRv: 0,
      sink,
      stop: () => undefined,
    };
    const rv = rvParam === '' ? 0 : Number(rvParam);
    const initial: string[] = [];
    if (rv === 0 || sendInitial) {
      for (const o of store.list(def.storeKey, w.namespace === '' ? undefined : w.namespace)) {
        if (watchMatches(w, o.obj)) initial.push(watchEventLine('ADDED', present(def, o)));
      }
      w.lastRv = store.revision();
    } else {
      const events = store.eventsSince(def.storeKey, rv);
      if (events === 'expired') {
        const st = resourceExpired(`too old resource version: ${rv} (${store.floor()})`).status;
        sink.write(watchEventLine('ERROR', JSON.stringify(st)));
        sink.end();
        return;
      }
      w.lastRv = rv;
      for (const ev of events) {
        if (!deliver(w, ev)) {
          sink.end();
          return;
        }
      }
      w.lastRv = Math.max(rv, store.revision());
    }
    for (const line of initial) if (!sink.write(line)) return sink.end();
    if (sendInitial && bookmarks) sink.write(bookmarkLine(def, store.revision(), true));
    const unsubscribe = store.subscribe(def.storeKey, (ev) => {
      if (!deliver(w, ev)) w.stop();
    });
    const timeoutRaw = req.query.get('timeoutSeconds');
    const timeoutSec = timeoutRaw !== null && /^\d+$/.test(timeoutRaw) ? Number(timeoutRaw) : 1800 + Math.floor(Math.random() * 1800);
    const timer = setTimeout(() => w.stop(), timeoutSec * 1000);
    timer.unref();
    let stopped = false;
    w.stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      watchers.delete(w);
      sink.end();
    };
    sink.onClose(() => w.stop());
    watchers.add(w);
  }

  function tickBookmarks(): void {
    const rv = store.revision();
    for (const w of watchers) {
      if (!w.bookmarks || rv <= w.lastRv) continue;
      w.lastRv = rv;
      if (!w.sink.write(bookmarkLine(w.def, rv, false))) w.stop();
    }
  }

  function installCrd(crd: unknown): void {
    if (!isObject(crd)) throw new Error('a CustomResourceDefinition must be an object');
    const def = registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions') as ResourceDef;
    const body = Buffer.from(JSON.stringify({ ...crd, metadata: { name: metaString(crd, 'name'), ...(isObject(crd.metadata) ? crd.metadata : {}) } }));
    const reply = create({ def, namespace: '', name: '', subresource: '', query: new URLSearchParams(), contentType: 'application/json', body });
    if (reply.status !== 201) throw new Error(`cannot install CRD: ${reply.body}`);
  }

  function ensureNamespace(name: string): void {
    if (store.get(nsKey, '', name) !== undefined) return;
    const def = registry.find('', 'v1', 'namespaces') as ResourceDef;
    const body = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    create({ def, namespace: '', name: '', subresource: '', query: new URLSearchParams(), contentType: 'application/json', body });
  }

  function closeWatches(): void {
    for (const w of [...watchers]) w.stop();
    for (const t of finalizeTimers) clearTimeout(t);
    finalizeTimers.clear();
  }

  return {
    get,
    list,
    create: (req) => create(req),
    update,
    patch,
    delete: del,
    deleteCollection,
    watch,
    installCrd,
    ensureNamespace,
    tickBookmarks,
    closeWatches,
  };
}


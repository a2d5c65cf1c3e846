// Phase two of spec validation: what a JSON Schema cannot say — uniqueness, ARM ID types, references between
// parts of the spec, waiver dates. Runs on the parts the schema accepted (plain data, defensively typed), returns
// problems and never throws. Values under credential-like keys are never quoted.
import { isGuid, parseArmId } from '../azure/ids.js';
import { memoByKey } from '../memo.js';
import { calendarDay, utcDay } from '../dates.js';
import { knownRoleNames, resolveRole } from '../estate/roles.js';
import {
  describeValue,
  didYouMean,
  formatPath,
  KEY_VAULT_ADVICE,
  type SpecProblem,
} from './problem.js';
import type { SpecPath } from './types.js';

export interface SemanticContext {
  /** Paths where the schema already found a problem: checks skip these and everything below them. */
  invalidPaths: readonly SpecPath[];
  /** Rule IDs waivers may name; when absent, only the schema's `SA` + three digits form is checked. */
  knownRuleIds?: readonly string[];
  /** The validation date: a waiver expiring before this UTC day is reported as expired. */
  now: Date;
  /** Line of the node at `path`, so a message can point at the other half of a conflict. */
  lineOf(path: SpecPath): number;
}

type Obj = Record<string, unknown>;

function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const SCOPE_KEYWORDS = ['synapse.workspace', 'synapse.defaultStorage', 'machineLearning.workspace'];

/**
 * An inline secret — `secret: "..."` or `secret: { value: ... }` — is reported on its own, without its value; the
 * loader drops the schema's errors under these paths so they are not reported twice (or quoted).
 */
export function findInlineSecrets(data: unknown): SpecProblem[] {
  const out: SpecProblem[] = [];
  asList(asObj(data)?.integrations).forEach((integration, i) => {
    const servicePrincipal = asObj(asObj(asObj(integration)?.linkedService)?.servicePrincipal);
    if (!servicePrincipal || !('secret' in servicePrincipal)) return;
    const secret = servicePrincipal.secret;
    const inline =
      typeof secret === 'string' || typeof secret === 'number' || typeof secret === 'boolean' || (asObj(secret) !== undefined && 'value' in asObj(secret)!);
    if (!inline) return;
    const path = ['integrations', i, 'linkedService', 'servicePrincipal', 'secret'];
    out.push({ path, at: 'value', severity: 'error', code: 'inline-secret', message: `${formatPath(path)} is an inline secret: ${KEY_VAULT_ADVICE}` });
  });
  return out;
}

/**
 * The IDs `armIdOfType` accepts as of `expectedType` (`Provider.Namespace/type`), in the form nearly every spec writes
 * them: `/subscriptions/<GUID>/resourceGroups/<group>/providers/<expectedType>/<name>`, segments without slashes or
 * white space, the words in any letter case. One test instead of parsing the ID: a large tenant's spec declares
 * thousands. Anything else (white space, doubled or trailing slashes, another form) is parsed, and worded if wrong;
 * test/spec/load-semantic.test.ts holds the two to the same verdict. One pattern per type, compiled on first use.
 */
export const wellFormedId = memoByKey((expectedType: string): RegExp => {
  // `Provider.Namespace/type` only: a child type (`.../workspaces/bigDataPools`) has a name between its parts.
  if (expectedType.split('/').length !== 2) throw new Error(`wellFormedId: ${expectedType} is not a top-level resource type`);
  const type = expectedType.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const guid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  return new RegExp(`^/subscriptions/${guid}/resourceGroups/[^/\\s]+/providers/${type}/[^/\\s]+$`, 'i');
}, 100);

/** A path as one string; segments compared as text, as `isUnder` does. */
function pathKey(path: SpecPath): string {
  return path.map(String).join('\u0000');
}

class Checker {
  readonly problems: SpecProblem[] = [];
  /** Every path at or above an invalid one: `clean` is one lookup, however many problems the schema found. */
  private readonly dirty = new Set<string>();

  constructor(private readonly ctx: SemanticContext) {
    for (const invalid of ctx.invalidPaths) {
      for (let length = 0; length <= invalid.length; length++) this.dirty.add(pathKey(invalid.slice(0, length)));
    }
  }

  /** True when the schema found nothing wrong at `path` or below it. */
  clean(path: SpecPath): boolean {
    return this.dirty.size === 0 || !this.dirty.has(pathKey(path));
  }

  /** The string at `path` in `parent`, when it is a string the schema accepted. */
  cleanString(parent: Obj | undefined, key: string, path: SpecPath): string | undefined {
    const value = asString(parent?.[key]);
    return value !== undefined && this.clean(path) ? value : undefined;
  }

  error(path: SpecPath, code: string, message: string, at: SpecProblem['at'] = 'value'): void {
    this.problems.push({ path, at, severity: 'error', code, message });
  }

  warning(path: SpecPath, code: string, message: string, at: SpecProblem['at'] = 'value'): void {
    this.problems.push({ path, at, severity: 'warning', code, message });
  }

  line(path: SpecPath): number {
    return this.ctx.lineOf(path);
  }

  /**
   * An ARM resource ID of exactly `expectedType` (compared case-insensitively), with a subscription GUID and a
   * resource group. Says what was found instead.
   */
  armIdOfType(id: string, path: SpecPath, expectedType: string, code: string, what: string): void {
    if (wellFormedId(expectedType).test(id)) return;
    const subject = formatPath(path);
    const form = `/subscriptions/<subscription>/resourceGroups/<group>/providers/${expectedType}/<name>`;
    const parsed = parseArmId(id);
    if (!parsed?.type) {
      this.error(path, code, `${subject} must be the ARM resource ID of ${what} (${form}), but ${describeValue(id)} is not an ARM resource ID`);
    } else if (parsed.type.toLowerCase() !== expectedType.toLowerCase()) {
      this.error(path, code, `${subject} must be the ARM resource ID of ${what} (type ${expectedType}), but it is the ID of a ${parsed.type} resource`);
    } else if (parsed.subscriptionId === undefined || parsed.resourceGroup === undefined) {
      this.error(path, code, `${subject} must include the subscription and resource group: ${form}`);
    } else if (!isGuid(parsed.subscriptionId)) {
      this.error(path, code, `${subject} names subscription ${describeValue(parsed.subscriptionId)}, which is not a subscription ID (a GUID)`);
    }
  }

  /** Reports the later of two entries whose `keyOf` is equal; `keyOf` returns undefined to skip an entry. */
  duplicates(list: unknown[], base: SpecPath, keyOf: (item: unknown, path: SpecPath) => string | undefined, report: (path: SpecPath, firstPath: SpecPath) => void): void {
    const seen = new Map<string, SpecPath>();
    list.forEach((item, index) => {
      const path = [...base, index];
      const key = keyOf(item, path);
      if (key === undefined) return;
      const first = seen.get(key);
      if (first) report(path, first);
      else seen.set(key, path);
    });
  }
}

function checkSynapse(c: Checker, integration: Obj, base: SpecPath): void {
  const path = [...base, 'synapse'];
  const synapse = asObj(integration.synapse);
  if (!synapse) return;
  const workspaceId = c.cleanString(synapse, 'workspaceId', [...path, 'workspaceId']);
  if (workspaceId !== undefined) {
    c.armIdOfType(workspaceId, [...path, 'workspaceId'], 'Microsoft.Synapse/workspaces', 'invalid-workspace-id', 'a Synapse workspace');
  }

  // Data exfiltration protection can only be turned on for a workspace in a managed virtual network.
  if (synapse.preventDataExfiltration === true && synapse.managedVirtualNetwork === false) {
    c.error(
      [...path, 'preventDataExfiltration'],
      'exfiltration-protection-needs-managed-vnet',
      `${formatPath([...path, 'preventDataExfiltration'])} is true but ${formatPath([...path, 'managedVirtualNetwork'])} is false ` +
        `(line ${c.line([...path, 'managedVirtualNetwork'])}): data exfiltration protection exists only in a managed virtual network`,
      'key',
    );
  }

  const poolsPath = [...path, 'sparkPools'];
  c.duplicates(
    asList(synapse.sparkPools),
    poolsPath,
    (pool, poolPath) => c.cleanString(asObj(pool), 'name', [...poolPath, 'name'])?.toLowerCase(),
    (poolPath, firstPath) => {
      const name = asString(asObj(asList(synapse.sparkPools)[Number(poolPath[poolPath.length - 1])])?.name) ?? '';
      c.error(
        [...poolPath, 'name'],
        'duplicate-spark-pool',
        `duplicate Spark pool ${describeValue(name)} in ${formatPath(poolsPath)}: ${formatPath(firstPath)} (line ${c.line(firstPath)}) ` +
          'already declares it (pool names are case-insensitive)',
      );
    },
  );
}

function checkMachineLearning(c: Checker, integration: Obj, base: SpecPath): void {
  const path = [...base, 'machineLearning'];
  const workspaceId = c.cleanString(asObj(integration.machineLearning), 'workspaceId', [...path, 'workspaceId']);
  if (workspaceId !== undefined) {
    c.armIdOfType(workspaceId, [...path, 'workspaceId'], 'Microsoft.MachineLearningServices/workspaces', 'invalid-workspace-id', 'an Azure Machine Learning workspace');
  }
  checkAttachedSparkPools(c, integration, path);
}

/** Attached Spark pools: unique compute names, and user-assigned identities only (and always) with identity: userAssigned. */
function checkAttachedSparkPools(c: Checker, integration: Obj, mlPath: SpecPath): void {
  const listPath = [...mlPath, 'attachedSparkPools'];
  const pools = asList(asObj(integration.machineLearning)?.attachedSparkPools);
  c.duplicates(
    pools,
    listPath,
    (pool, poolPath) => c.cleanString(asObj(pool), 'name', [...poolPath, 'name'])?.toLowerCase(),
    (poolPath, firstPath) => {
      const name = asString(asObj(pools[Number(poolPath[poolPath.length - 1])])?.name) ?? '';
      c.error(
        [...poolPath, 'name'],
        'duplicate-attached-pool',
        `duplicate attached Spark pool ${describeValue(name)} in ${formatPath(listPath)}: ${formatPath(firstPath)} (line ${c.line(firstPath)}) ` +
          'already declares it (AML compute names are case-insensitive)',
      );
    },
  );
  pools.forEach((raw, index) => {
    const poolPath = [...listPath, index];
    const pool = asObj(raw);
    if (!pool || !c.clean(poolPath)) return;
    const identity = asString(pool.identity);
    const identities = asList(pool.userAssignedIdentities);
    const identitiesPath = [...poolPath, 'userAssignedIdentities'];
    if (identity === 'userAssigned' && identities.length === 0) {
      c.error(
        [...poolPath, 'identity'],
        'missing-user-assigned-identities',
        `${formatPath([...poolPath, 'identity'])} is userAssigned, but ${formatPath(poolPath)} lists no userAssignedIdentities: ` +
          'add the resource IDs of the user-assigned managed identities (Microsoft.ManagedIdentity/userAssignedIdentities)',
      );
    }
    if (identities.length > 0 && identity !== 'userAssigned') {
      c.warning(
        identitiesPath,
        'unused-user-assigned-identities',
        `${formatPath(identitiesPath)} is ignored: ${formatPath([...poolPath, 'identity'])} is ${identity === undefined ? 'not set' : identity}` +
          `${pool.identity !== undefined ? ` (line ${c.line([...poolPath, 'identity'])})` : ''}; set identity: userAssigned or remove the list`,
        'key',
      );
    }
    identities.forEach((entry, i) => {
      const id = asString(entry);
      if (id !== undefined) {
        c.armIdOfType(id, [...identitiesPath, i], 'Microsoft.ManagedIdentity/userAssignedIdentities', 'invalid-identity-id', 'a user-assigned managed identity');
      }
    });
  });
}

function checkLinkedService(c: Checker, integration: Obj, base: SpecPath): void {
  const path = [...base, 'linkedService'];
  const linkedService = asObj(integration.linkedService);
  if (!linkedService) return;
  const authentication = c.cleanString(linkedService, 'authentication', [...path, 'authentication']);
  const hasServicePrincipal = linkedService.servicePrincipal !== undefined && linkedService.servicePrincipal !== null;
  if (authentication === 'servicePrincipal' && !hasServicePrincipal) {
    c.error(
      [...path, 'authentication'],
      'missing-service-principal',
      `${formatPath([...path, 'authentication'])} is servicePrincipal, but ${formatPath(path)} has no servicePrincipal block: ` +
        'add servicePrincipal with its clientId (the application ID), objectId and a Key Vault secret reference',
    );
  }
  if (authentication === 'managedIdentity' && hasServicePrincipal) {
    c.warning(
      [...path, 'servicePrincipal'],
      'unused-service-principal',
      `${formatPath([...path, 'servicePrincipal'])} is ignored: the linked service authenticates with the workspace's managed identity ` +
        `(authentication: managedIdentity, line ${c.line([...path, 'authentication'])}); remove the block or set authentication: servicePrincipal`,
      'key',
    );
  }
}

function checkNetwork(c: Checker, integration: Obj, base: SpecPath): void {
  const path = [...base, 'network'];
  const network = asObj(integration.network);
  if (!network) return;
  const managedVnetPath = [...base, 'synapse', 'managedVirtualNetwork'];
  if (asObj(network.managedPrivateEndpoint) && asObj(integration.synapse)?.managedVirtualNetwork === false) {
    c.error(
      [...path, 'managedPrivateEndpoint'],
      'managed-endpoint-needs-managed-vnet',
      `${formatPath([...path, 'managedPrivateEndpoint'])} is declared but ${formatPath(managedVnetPath)} is false (line ${c.line(managedVnetPath)}): ` +
        'managed private endpoints exist only in a Synapse managed virtual network; set managedVirtualNetwork: true or remove the endpoint',
      'key',
    );
  }

  const endpointsPath = [...path, 'approvedPrivateEndpoints'];
  const endpoints = asList(network.approvedPrivateEndpoints);
  endpoints.forEach((entry, index) => {
    const id = asString(entry);
    if (id !== undefined && c.clean([...endpointsPath, index])) {
      c.armIdOfType(id, [...endpointsPath, index], 'Microsoft.Network/privateEndpoints', 'invalid-private-endpoint-id', 'a private endpoint');
    }
  });
  // The schema's uniqueItems catches exact repeats; ARM IDs also repeat in another letter case.
  c.duplicates(
    endpoints,
    endpointsPath,
    (entry) => (c.clean(endpointsPath) ? asString(entry)?.toLowerCase() : undefined),
    (entryPath, firstPath) =>
      c.warning(entryPath, 'duplicate-entry', `${formatPath(entryPath)} repeats ${formatPath(firstPath)} (line ${c.line(firstPath)}); ARM IDs are case-insensitive`),
  );
}

function checkAccess(c: Checker, integration: Obj, base: SpecPath): void {
  const path = [...base, 'access'];
  const access = asObj(integration.access);
  if (!access) return;

  const privilegedPath = [...path, 'privilegedPrincipals'];
  c.duplicates(
    asList(access.privilegedPrincipals),
    privilegedPath,
    (entry) => (c.clean(privilegedPath) ? asString(entry)?.toLowerCase() : undefined),
    (entryPath, firstPath) =>
      c.warning(entryPath, 'duplicate-entry', `${formatPath(entryPath)} repeats ${formatPath(firstPath)} (line ${c.line(firstPath)}); object IDs are case-insensitive`),
  );

  const requiredPath = [...path, 'required'];
  const required = asList(access.required);
  required.forEach((raw, index) => {
    const entryPath = [...requiredPath, index];
    const entry = asObj(raw);
    const role = c.cleanString(entry, 'role', [...entryPath, 'role']);
    const scope = c.cleanString(entry, 'scope', [...entryPath, 'scope']);
    const resolved = role === undefined ? undefined : resolveRole(role);
    if (role !== undefined && !resolved) {
      const names = knownRoleNames();
      c.error(
        [...entryPath, 'role'],
        'unknown-role',
        `${formatPath([...entryPath, 'role'])} ${describeValue(role)} is not a role synaml knows${didYouMean(role, names)}; ` +
          `use a role definition GUID or one of: ${names.join(', ')}`,
      );
    }
    const scopeIsId = scope !== undefined && scope.startsWith('/');
    if (scopeIsId && scope !== '/' && !parseArmId(scope)) {
      c.error(
        [...entryPath, 'scope'],
        'invalid-scope',
        `${formatPath([...entryPath, 'scope'])} ${describeValue(scope)} is not a valid ARM resource ID; use ${SCOPE_KEYWORDS.join(', ')} or a full ID such as ` +
          '/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>',
      );
    }
    // Synapse RBAC roles live in the workspace's data plane: no other scope can hold them.
    if (resolved?.plane === 'synapse' && scope !== undefined) {
      const scopeType = scopeIsId ? parseArmId(scope)?.type?.toLowerCase() : undefined;
      const inSynapse = scope === 'synapse.workspace' || (scopeType !== undefined && scopeType.startsWith('microsoft.synapse/workspaces'));
      if (!inSynapse && (!scopeIsId || scopeType !== undefined)) {
        c.error(
          [...entryPath, 'scope'],
          'role-scope-mismatch',
          `${formatPath([...entryPath, 'scope'])} is ${describeValue(scope)}, but ${resolved.name} is a Synapse RBAC role: ` +
            'it can only be held on a Synapse workspace (scope: synapse.workspace)',
        );
      }
    }
  });
  c.duplicates(
    required,
    requiredPath,
    (raw, entryPath) => {
      const entry = asObj(raw);
      if (!entry || !c.clean(entryPath)) return undefined;
      const role = resolveRole(asString(entry.role) ?? '');
      const principal = asString(entry.principalId);
      const scope = asString(entry.scope);
      return role && principal && scope ? `${principal.toLowerCase()} ${role.guid} ${scope.toLowerCase()}` : undefined;
    },
    (entryPath, firstPath) =>
      c.warning(entryPath, 'duplicate-entry', `${formatPath(entryPath)} repeats ${formatPath(firstPath)} (line ${c.line(firstPath)}): same principal, role and scope`),
  );
}

function checkWaivers(c: Checker, data: Obj, ctx: SemanticContext): void {
  // Each name once, in spec order (a Set: a large tenant declares thousands, and indexOf per name is quadratic).
  const names = new Set(
    asList(data.integrations)
      .map((integration) => asString(asObj(integration)?.name))
      .filter((name): name is string => name !== undefined),
  );
  const declared = [...names];
  const today = utcDay(ctx.now);

  asList(data.waivers).forEach((raw, index) => {
    const path = ['waivers', index];
    const waiver = asObj(raw);
    if (!waiver) return;
    const rule = c.cleanString(waiver, 'rule', [...path, 'rule']);
    if (rule !== undefined && ctx.knownRuleIds && !ctx.knownRuleIds.includes(rule)) {
      c.error(
        [...path, 'rule'],
        'unknown-rule',
        `${formatPath([...path, 'rule'])} ${describeValue(rule)} is not a synaml rule${didYouMean(rule, ctx.knownRuleIds)}; ` +
          `known rules: ${ctx.knownRuleIds.join(', ')}`,
      );
    }

    const integration = c.cleanString(waiver, 'integration', [...path, 'integration']);
    if (integration !== undefined && !names.has(integration)) {
      c.error(
        [...path, 'integration'],
        'unknown-integration',
        `${formatPath([...path, 'integration'])} ${describeValue(integration)} is not an integration declared in this spec` +
          `${didYouMean(integration, declared)}${declared.length > 0 ? `; declared: ${declared.join(', ')}` : ''}`,
      );
    }

    const resource = c.cleanString(waiver, 'resource', [...path, 'resource']);
    if (resource !== undefined && !parseArmId(resource)?.type) {
      c.error(
        [...path, 'resource'],
        'invalid-resource-id',
        `${formatPath([...path, 'resource'])} ${describeValue(resource)} is not an ARM resource ID, so the waiver would never match a finding`,
      );
    }

    const expires = c.cleanString(waiver, 'expires', [...path, 'expires']);
    if (expires === undefined) return;
    if (calendarDay(expires) === undefined) {
      c.error([...path, 'expires'], 'invalid-date', `${formatPath([...path, 'expires'])} ${describeValue(expires)} is not a real date`);
    } else if (expires < today) {
      const what = `${rule ?? 'its rule'}${integration !== undefined ? ` for ${integration}` : ''}`;
      c.warning(
        [...path, 'expires'],
        'waiver-expired',
        `${formatPath(path)} expired on ${expires}: it no longer waives ${what}; renew it with a later date or remove it`,
      );
    }
  });
}

/** Every semantic problem in the spec, in document order of the checks. */
export function checkSemantics(data: unknown, ctx: SemanticContext): SpecProblem[] {
  const root = asObj(data);
  if (!root) return [];
  const c = new Checker(ctx);

  const integrations = asList(root.integrations);
  c.duplicates(
    integrations,
    ['integrations'],
    (integration, path) => c.cleanString(asObj(integration), 'name', [...path, 'name']),
    (path, firstPath) => {
      const name = asString(asObj(integrations[Number(path[1])])?.name) ?? '';
      c.error(
        [...path, 'name'],
        'duplicate-integration',
        `duplicate integration name ${describeValue(name)}: ${formatPath(firstPath)} (line ${c.line([...firstPath, 'name'])}) already uses it; integration names must be unique`,
      );
    },
  );
  integrations.forEach((raw, index) => {
    const integration = asObj(raw);
    if (!integration) return;
    const base = ['integrations', index];
    checkSynapse(c, integration, base);
    checkMachineLearning(c, integration, base);
    checkLinkedService(c, integration, base);
    checkNetwork(c, integration, base);
    checkAccess(c, integration, base);
  });
  checkWaivers(c, root, ctx);
  return c.problems;
}

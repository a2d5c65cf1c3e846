// A synthetic Synapse <-> AML estate of any size, for the scale benchmark (`npm run bench`) and its tests: a snapshot
// built from the real payload shapes (test/support/payloads.ts) and the matching spec YAML. Deterministic: the same
// seed and sizes give byte-identical output. Some integrations are broken on purpose, one documented limit each, so
// that every rule fails somewhere (see VIOLATIONS); the rest are healthy, as in test/support/scenario.ts.
//
// Layout, for integration i (one per Synapse workspace) and its AML workspace a (several Synapse workspaces share one):
//   Synapse workspace syn<i> in rg-analytics-<i % 4> of subscription (i % S): managed VNet, default ADLS account
//     adls<i> (a storage account row), `pools` Spark pools, `runtimes` integration runtimes, one AzureMLService
//     linked service, `managedEndpoints` managed private endpoints (to the AML workspace, then to the default
//     storage), `synapseRoles` Synapse RBAC assignments.
//   AML workspace aml<a> (private) in rg-ml-<a % 4> of the first Synapse workspace's subscription, with a storage
//     account, key vault and registry, and six private endpoints: its own (amlworkspace) and blob, file, dfs, vault,
//     registry on its dependencies, all Approved; its private endpoint connections also list each Synapse managed
//     private endpoint `<syn>.synapse-to-aml`.
//   Azure role assignments: the ones the integration needs (Synapse identity Contributor on the AML workspace, a data
//     engineer Storage Blob Data Contributor on the default storage, a reader on the AML workspace, a platform team
//     Owner per subscription), a few at management groups and the root, then filler up to `roleAssignments` (Reader
//     and Storage Blob Data Reader on the audited resources, their resource groups and subscriptions), of which
//     `noiseShare` sit on resources the audit does not read (filtered out by Resource Graph).
//   Noise resources (virtual networks) the audit never asks for: one per AML workspace.
import { createHash } from 'node:crypto';
import { AZURE_ROLES, SYNAPSE_ROLES } from '../../src/estate/roles.js';
import type { RawPayload, Snapshot } from '../../src/estate/snapshot.js';
import {
  SnapshotBuilder,
  amlSideLinkedService,
  synapseSparkCompute,
  amlWorkspaceRow,
  azureMlLinkedService,
  integrationRuntime,
  managedPrivateEndpoint,
  privateEndpointRow,
  privateLinkTargetRow,
  roleAssignmentRow,
  roleDefinitionRow,
  sparkPoolRow,
  synapseRoleAssignment,
  synapseWorkspaceRow,
} from '../support/payloads.js';

export type SizeName = 'small' | 'medium' | 'large';

export interface ScaleSizes {
  subscriptions: number;
  synapseWorkspaces: number;
  amlWorkspaces: number;
  /** Per Synapse workspace. */
  pools: number;
  runtimes: number;
  managedEndpoints: number;
  synapseRoles: number;
  /** Azure role assignments in total (authorizationresources). */
  roleAssignments: number;
  /** Share of the filler role assignments placed on resources the audit does not read. */
  noiseShare: number;
  /** Share of integrations with a planted violation. */
  violationRate: number;
}

/** Six private endpoints per AML workspace: its own and blob, file, dfs, vault, registry on its dependencies. */
export const PRIVATE_ENDPOINTS_PER_AML = 6;

export const SIZES: Record<SizeName, ScaleSizes> = {
  small: { subscriptions: 3, synapseWorkspaces: 40, amlWorkspaces: 20, pools: 3, runtimes: 2, managedEndpoints: 2, synapseRoles: 10, roleAssignments: 1200, noiseShare: 0.05, violationRate: 0.6 },
  medium: { subscriptions: 30, synapseWorkspaces: 200, amlWorkspaces: 100, pools: 3, runtimes: 2, managedEndpoints: 2, synapseRoles: 10, roleAssignments: 6000, noiseShare: 0.05, violationRate: 0.2 },
  large: { subscriptions: 300, synapseWorkspaces: 2000, amlWorkspaces: 1000, pools: 3, runtimes: 2, managedEndpoints: 2, synapseRoles: 10, roleAssignments: 60000, noiseShare: 0.05, violationRate: 0.2 },
};

export const DEFAULT_SEED = 20261123;

/** The violations planted, one per broken integration, in turn; each makes (at least) the named rule fail. */
export const VIOLATIONS = [
  'SA001-exfiltration-protection',
  'SA002-self-hosted-runtime',
  'SA003-mlflow-on-3.4',
  'SA004-identity-only-reader',
  'SA005-linker-only-contributor',
  'SA006-link-without-spark-admin',
  'SA007-no-blob-contributor',
  'SA008-managed-endpoint-pending',
  'SA009-sibling-endpoint-not-approved',
  'SA010-dependency-endpoint-pending',
  'SA011-no-managed-vnet',
  'SA012-undeclared-sdk-v1-link',
  'SA013-pool-on-3.3',
  'SA014-inline-key',
  'SA015-client-id-is-a-name',
  'SA016-declared-pool-missing',
  'SA016-aml-workspace-missing',
  'SA100-public-access-drift',
  'SA101-stranger-contributor',
  'SA102-required-reader-missing',
  // Attached Synapse Spark pools and serverless Spark, last: the integrations broken before keep their violations.
  'SA017-attached-pool-deleted',
  'SA018-attached-identity-no-role',
  'SA019-attached-without-identity',
  'SA020-attached-on-private-workspace',
  'SA021-serverless-not-spark-ready',
] as const;
export type Violation = (typeof VIOLATIONS)[number];

export interface GeneratedEstate {
  seed: number;
  sizes: ScaleSizes;
  snapshot: Snapshot;
  specYaml: string;
  /** Integration name -> the violation planted in it (healthy ones are absent). */
  violations: Map<string, Violation>;
  /** The audit date the estate is made for (Spark 3.4 past end of support, waivers current). */
  now: string;
}

// ---- deterministic randomness ------------------------------------------------------------------------------------

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A GUID from a label, drawing nothing from the seeded stream (so adding one leaves every other draw as it was). */
function derivedGuid(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function guidFrom(random: () => number): string {
  const hex = (n: number) => Math.floor(random() * 16 ** n).toString(16).padStart(n, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---- the generator -------------------------------------------------------------------------------------------------

const BUILT_IN_ROLES = [
  AZURE_ROLES.owner,
  AZURE_ROLES.contributor,
  AZURE_ROLES.reader,
  AZURE_ROLES.storageBlobDataContributor,
  AZURE_ROLES.storageBlobDataReader,
] as const;

/** A Microsoft-managed subscription: where Synapse creates the private endpoints behind managed private endpoints. */
const MANAGED_SUBSCRIPTION = '5ba1e0f3-6c1d-4e2b-9a7f-000000000000';
const TENANT_ROOT_GROUP = 'tenant-root';
const MANAGEMENT_GROUPS = 10;

interface Integration {
  index: number;
  name: string;
  violation?: Violation;
  synapseId: string;
  synapseName: string;
  subscription: string;
  amlIndex: number;
  /** The AML workspace ID the spec declares (another one for SA016-aml-workspace-missing). */
  declaredAmlId: string;
  msi: string;
  dataEngineer: string;
  mlEngineer: string;
  linker: string;
  linkMsi: string;
  stranger: string;
  spObject: string;
  spClient: string;
}

interface AmlWs {
  index: number;
  id: string;
  name: string;
  subscription: string;
  rg: string;
  msi: string;
  storage: string;
  keyVault: string;
  registry: string;
  peId: string;
  members: Integration[];
  /** The principal of its one attached Synapse Spark pool's system-assigned identity. */
  computeMsi: string;
}

const ATTACHED_VIOLATIONS: ReadonlySet<string> = new Set(['SA017-attached-pool-deleted', 'SA018-attached-identity-no-role', 'SA019-attached-without-identity', 'SA020-attached-on-private-workspace']);

/**
 * The members whose Synapse workspace an attached pool of the AML workspace points at: one per member planted with an
 * attached-pool violation, else the first member only (so one attached pool per AML workspace, but where violations meet).
 */
function attachedTargets(aml: AmlWs): Integration[] {
  const broken = aml.members.filter((m) => m.violation !== undefined && ATTACHED_VIOLATIONS.has(m.violation));
  return broken.length > 0 ? broken : [aml.members[0]!];
}

/** Resolves a size name and overrides into sizes. */
export function resolveSizes(size: SizeName, overrides: Partial<ScaleSizes> = {}): ScaleSizes {
  const sizes = { ...SIZES[size], ...overrides };
  for (const [key, value] of Object.entries(sizes)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`size ${key} must be a non-negative number, got ${value}`);
  }
  if (sizes.synapseWorkspaces < 1 || sizes.amlWorkspaces < 1 || sizes.subscriptions < 1) throw new Error('at least one subscription, Synapse workspace and AML workspace');
  if (sizes.amlWorkspaces > sizes.synapseWorkspaces) throw new Error('at most one AML workspace per Synapse workspace');
  if (sizes.pools < 1 || sizes.runtimes < 1 || sizes.managedEndpoints < 1 || sizes.synapseRoles < 1) throw new Error('per-workspace counts must be at least 1');
  return sizes;
}

export function generateEstate(options: { size?: SizeName; seed?: number; overrides?: Partial<ScaleSizes> } = {}): GeneratedEstate {
  const seed = options.seed ?? DEFAULT_SEED;
  const sizes = resolveSizes(options.size ?? 'small', options.overrides);
  const random = prng(seed);
  const guid = () => guidFrom(random);
  const now = '2026-11-23';

  const subscriptions = Array.from({ length: sizes.subscriptions }, guid);
  const sub = (k: number) => subscriptions[k % subscriptions.length]!;
  const platformOwner = subscriptions.map(() => guid());
  const managementGroupOf = (s: string) => `mg-${pad(subscriptions.indexOf(s) % MANAGEMENT_GROUPS, 2)}`;

  // Integrations and their AML workspaces.
  const N = sizes.synapseWorkspaces;
  const A = sizes.amlWorkspaces;
  const width = String(N).length;
  const integrations: Integration[] = [];
  const amls: AmlWs[] = [];
  let broken = 0;
  for (let i = 0; i < N; i++) {
    const subscription = sub(i);
    const synapseName = `syn${pad(i, width)}`;
    const integration: Integration = {
      index: i,
      name: `integration-${pad(i, width)}`,
      synapseId: `/subscriptions/${subscription}/resourceGroups/rg-analytics-${i % 4}/providers/Microsoft.Synapse/workspaces/${synapseName}`,
      synapseName,
      subscription,
      amlIndex: Math.floor((i * A) / N),
      declaredAmlId: '',
      msi: guid(),
      dataEngineer: guid(),
      mlEngineer: guid(),
      linker: guid(),
      linkMsi: guid(),
      stranger: guid(),
      spObject: guid(),
      spClient: guid(),
    };
    if (random() < sizes.violationRate) integration.violation = VIOLATIONS[broken++ % VIOLATIONS.length];
    integrations.push(integration);
    const a = integration.amlIndex;
    if (!amls[a]) {
      const rg = `rg-ml-${a % 4}`;
      const base = `/subscriptions/${subscription}/resourceGroups/${rg}/providers`;
      const name = `aml${pad(a, width)}`;
      amls[a] = {
        index: a,
        id: `${base}/Microsoft.MachineLearningServices/workspaces/${name}`,
        name,
        subscription,
        rg,
        msi: guid(),
        storage: `${base}/Microsoft.Storage/storageAccounts/stml${pad(a, width)}`,
        keyVault: `${base}/Microsoft.KeyVault/vaults/kv-ml-${pad(a, width)}`,
        registry: `${base}/Microsoft.ContainerRegistry/registries/acrml${pad(a, width)}`,
        peId: `/subscriptions/${subscription}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-${name}`,
        members: [],
        computeMsi: derivedGuid(`compute-msi ${seed} ${a}`),
      };
    }
    amls[a]!.members.push(integration);
    integration.declaredAmlId =
      integration.violation === 'SA016-aml-workspace-missing'
        ? `/subscriptions/${subscription}/resourceGroups/rg-ml-gone/providers/Microsoft.MachineLearningServices/workspaces/aml-gone-${pad(i, width)}`
        : amls[a]!.id;
  }

  const b = new SnapshotBuilder();
  b.resourcecontainers.push(
    ...subscriptions.map((s) => ({
      id: `/subscriptions/${s}`,
      name: s,
      type: 'microsoft.resources/subscriptions',
      subscriptionId: s,
      properties: {
        managementGroupAncestorsChain: [
          { name: managementGroupOf(s), displayName: `Management group ${managementGroupOf(s)}` },
          { name: TENANT_ROOT_GROUP, displayName: 'Tenant Root Group' },
        ],
      },
    })),
  );
  for (const role of BUILT_IN_ROLES) {
    const row = roleDefinitionRow(role.guid, { roleName: role.name, roleType: 'BuiltInRole', assignableScopes: ['/'] });
    row['id'] = `/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`;
    b.assignment(row);
  }

  // Azure role assignments: the required ones first, then filler up to the total.
  const assignments: RawPayload[] = [];
  const assign = (scope: string, principal: string, roleGuid: string, type = 'ServicePrincipal') => assignments.push(roleAssignmentRow(scope, principal, roleGuid, type));
  subscriptions.forEach((s, k) => assign(`/subscriptions/${s}`, platformOwner[k]!, AZURE_ROLES.owner.guid, 'Group'));
  for (let m = 0; m < MANAGEMENT_GROUPS; m++) {
    assign(`/providers/Microsoft.Management/managementGroups/mg-${pad(m, 2)}`, guid(), AZURE_ROLES.reader.guid, 'Group');
  }
  assign('/', guid(), AZURE_ROLES.reader.guid, 'Group');

  const auditedScopes: string[] = [];
  for (const aml of amls) {
    const connections: Array<[string, string]> = [
      [aml.peId, 'Approved'],
      ...aml.members.map((m): [string, string] => [managedPeId(m), m.violation === 'SA008-managed-endpoint-pending' ? 'Pending' : 'Approved']),
    ];
    b.resource(
      amlWorkspaceRow(aml.id, {
        principalId: aml.msi,
        publicNetworkAccess: 'Disabled',
        storageAccount: aml.storage,
        keyVault: aml.keyVault,
        containerRegistry: aml.registry,
        connections,
        ...(aml.members.some((m) => m.violation === 'SA021-serverless-not-spark-ready')
          ? { managedNetwork: { isolationMode: 'AllowInternetOutbound', networkId: guid(), outboundRules: {}, status: { status: 'Active', sparkReady: false } } }
          : {}),
      }),
    );
    // One attached Synapse Spark pool per AML workspace, on pool1 of a member's Synapse workspace (see attachedTargets).
    b.computes(
      aml.id,
      ...attachedTargets(aml).map((target) => {
        const tv = target.violation;
        const pool = `${target.synapseId}/bigDataPools/${tv === 'SA017-attached-pool-deleted' ? 'pool-deleted' : 'pool1'}`;
        return synapseSparkCompute(aml.id, `attached-${target.synapseName}`, pool, tv === 'SA019-attached-without-identity' ? {} : { systemPrincipalId: aml.computeMsi });
      }),
    );
    const depPending = aml.members.some((m) => m.violation === 'SA010-dependency-endpoint-pending');
    const dep = (kind: string, target: string) => ({ kind, target, pe: `/subscriptions/${aml.subscription}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-${target.split('/').pop()}-${kind}` });
    const deps = [dep('blob', aml.storage), dep('file', aml.storage), dep('dfs', aml.storage), dep('vault', aml.keyVault), dep('registry', aml.registry)];
    const status = (kind: string) => (depPending && kind === 'file' ? 'Pending' : 'Approved');
    b.resource(
      privateLinkTargetRow(aml.storage, 'Microsoft.Storage/storageAccounts', deps.filter((d) => d.target === aml.storage).map((d) => [d.pe, status(d.kind)])),
      privateLinkTargetRow(aml.keyVault, 'Microsoft.KeyVault/vaults', [[deps[3]!.pe, 'Approved']]),
      privateLinkTargetRow(aml.registry, 'Microsoft.ContainerRegistry/registries', [[deps[4]!.pe, 'Approved']]),
      privateEndpointRow(aml.peId, aml.id, 'amlworkspace'),
      ...deps.map((d) => privateEndpointRow(d.pe, d.target, d.kind, status(d.kind))),
      noiseVnet(aml.subscription, `vnet-${aml.name}`),
    );
    auditedScopes.push(aml.id);
    b.amlLinks(aml.id, ...aml.members.flatMap((m) => (hasAmlSideLink(m) ? [amlSideLinkedService(aml.id, `synapselink-${m.synapseName}`, m.synapseId, m.linkMsi)] : [])));
  }
  // A declared AML workspace that does not exist: the collector records its (SDK v1) linked services and its computes as empty lists.
  for (const it of integrations) {
    if (it.violation === 'SA016-aml-workspace-missing') b.amlLinks(it.declaredAmlId).computes(it.declaredAmlId);
  }

  for (const it of integrations) {
    const aml = amls[it.amlIndex]!;
    const v = it.violation;
    const storageName = `adls${pad(it.index, width)}`;
    const storageId = `/subscriptions/${it.subscription}/resourceGroups/rg-analytics-${it.index % 4}/providers/Microsoft.Storage/storageAccounts/${storageName}`;
    b.resource(
      synapseWorkspaceRow(it.synapseId, {
        principalId: it.msi,
        storageAccountName: storageName,
        managedVirtualNetwork: v !== 'SA011-no-managed-vnet',
        preventDataExfiltration: v === 'SA001-exfiltration-protection',
        publicNetworkAccess: v === 'SA020-attached-on-private-workspace' ? 'Disabled' : 'Enabled',
      }),
      privateLinkTargetRow(storageId, 'Microsoft.Storage/storageAccounts'),
      ...Array.from({ length: sizes.pools }, (_, p) => sparkPoolRow(it.synapseId, `pool${p + 1}`, poolVersion(it, p))),
    );
    auditedScopes.push(it.synapseId, storageId);

    const shir = `shir-${it.synapseName}`;
    b.runtimes(
      it.synapseId,
      ...Array.from({ length: sizes.runtimes }, (_, r) =>
        r === 0 ? integrationRuntime(it.synapseId, 'AutoResolveIntegrationRuntime', 'Managed') : integrationRuntime(it.synapseId, r === 1 ? shir : `ir-${r}`, r === 1 && v === 'SA002-self-hosted-runtime' ? 'SelfHosted' : 'Managed'),
      ),
    );
    const servicePrincipal = usesServicePrincipal(it);
    b.linkedServices(
      it.synapseId,
      azureMlLinkedService(it.synapseId, `AzureML-${it.synapseName}`, aml.id, {
        ...(servicePrincipal
          ? {
              authentication: 'ServicePrincipal' as const,
              servicePrincipalId: v === 'SA015-client-id-is-a-name' ? `ml-app-${it.synapseName}` : it.spClient,
              ...(v === 'SA014-inline-key' ? { servicePrincipalKey: { type: 'SecureString', value: '**********' } } : {}),
            }
          : {}),
        ...(v === 'SA002-self-hosted-runtime' ? { connectVia: shir } : {}),
      }),
    );
    b.managedPrivateEndpoints(
      it.synapseId,
      ...(v === 'SA011-no-managed-vnet'
        ? []
        : Array.from({ length: sizes.managedEndpoints }, (_, e) =>
            e === 0
              ? managedPrivateEndpoint('synapse-to-aml', aml.id, v === 'SA008-managed-endpoint-pending' ? 'Pending' : 'Approved')
              : managedPrivateEndpoint(e === 1 ? 'synapse-to-adls' : `synapse-to-adls-${e}`, storageId, 'Approved', 'dfs'),
          )),
    );
    const synapseRoles = [
      synapseRoleAssignment(it.synapseName, platformOwner[subscriptions.indexOf(it.subscription)]!, SYNAPSE_ROLES.administrator.guid),
      // The attached pool's identity: Synapse Administrator on the pool item, as the AML attach article asks.
      ...(attachedTargets(aml).includes(it) && v !== 'SA018-attached-identity-no-role'
        ? [synapseRoleAssignment(it.synapseName, aml.computeMsi, SYNAPSE_ROLES.administrator.guid, `workspaces/${it.synapseName}/bigDataPools/pool1`)]
        : []),
      ...(hasAmlSideLink(it) && v !== 'SA006-link-without-spark-admin' && v !== 'SA012-undeclared-sdk-v1-link'
        ? [synapseRoleAssignment(it.synapseName, it.linkMsi, SYNAPSE_ROLES.sparkAdministrator.guid)]
        : []),
    ];
    const fillerRoles = [SYNAPSE_ROLES.user, SYNAPSE_ROLES.contributor, SYNAPSE_ROLES.artifactUser, SYNAPSE_ROLES.computeOperator];
    for (let k = 0; synapseRoles.length < sizes.synapseRoles; k++) {
      const role = fillerRoles[k % fillerRoles.length]!;
      const scope = k % 5 === 4 ? `workspaces/${it.synapseName}/bigDataPools/pool1` : undefined;
      synapseRoles.push(synapseRoleAssignment(it.synapseName, guid(), role.guid, scope));
    }
    b.synapseRoles(it.synapseId, ...synapseRoles.slice(0, sizes.synapseRoles));

    // The role assignments this integration needs (or lacks, when broken).
    assign(aml.id, it.msi, v === 'SA004-identity-only-reader' ? AZURE_ROLES.reader.guid : AZURE_ROLES.contributor.guid);
    if (v !== 'SA007-no-blob-contributor') assign(storageId, it.dataEngineer, AZURE_ROLES.storageBlobDataContributor.guid, 'User');
    if (v !== 'SA102-required-reader-missing') assign(aml.id, it.mlEngineer, AZURE_ROLES.reader.guid, 'User');
    if (v === 'SA005-linker-only-contributor') assign(it.synapseId, it.linker, AZURE_ROLES.contributor.guid, 'User');
    if (v === 'SA006-link-without-spark-admin') assign(it.synapseId, it.linker, AZURE_ROLES.owner.guid, 'User');
    if (v === 'SA101-stranger-contributor') assign(it.synapseId, it.stranger, AZURE_ROLES.contributor.guid, 'User');
    if (servicePrincipal) assign(aml.id, it.spObject, AZURE_ROLES.contributor.guid);
  }

  // Filler up to the total: readers on audited resources and above them, and some on resources nobody audits.
  const fillerRoles = [AZURE_ROLES.reader.guid, AZURE_ROLES.storageBlobDataReader.guid];
  const principals = Array.from({ length: Math.max(1, Math.ceil(sizes.roleAssignments / 20)) }, guid);
  const used = new Set(assignments.map((a) => String(a['id']).toLowerCase()));
  for (let k = 0; assignments.length < sizes.roleAssignments && k < sizes.roleAssignments * 4; k++) {
    const resource = auditedScopes[Math.floor(random() * auditedScopes.length)]!;
    const parts = resource.split('/');
    const level = random();
    const scope =
      random() < sizes.noiseShare
        ? `/subscriptions/${parts[2]}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachines/vm-${Math.floor(random() * 1000)}`
        : level < 0.7
          ? resource
          : level < 0.9
            ? parts.slice(0, 5).join('/')
            : parts.slice(0, 3).join('/');
    const row = roleAssignmentRow(scope, principals[Math.floor(random() * principals.length)]!, fillerRoles[Math.floor(random() * fillerRoles.length)]!, 'User');
    const key = String(row['id']).toLowerCase();
    if (used.has(key)) continue;
    used.add(key);
    assignments.push(row);
  }
  b.assignment(...assignments);

  const violations = new Map<string, Violation>();
  for (const it of integrations) if (it.violation) violations.set(it.name, it.violation);
  return { seed, sizes, snapshot: { ...b.build(), capturedAt: `${now}T02:00:00Z` }, specYaml: specYaml(integrations, amls, platformOwner, subscriptions, sizes), violations, now };
}

function managedPeId(it: Integration): string {
  return `/subscriptions/${MANAGED_SUBSCRIPTION}/resourceGroups/synapse-managed-${it.synapseName}/providers/Microsoft.Network/privateEndpoints/${it.synapseName}.synapse-to-aml`;
}

function usesServicePrincipal(it: Integration): boolean {
  return it.violation === 'SA014-inline-key' || it.violation === 'SA015-client-id-is-a-name';
}

function hasAmlSideLink(it: Integration): boolean {
  return it.violation === 'SA005-linker-only-contributor' || it.violation === 'SA006-link-without-spark-admin' || it.violation === 'SA012-undeclared-sdk-v1-link';
}

function poolVersion(it: Integration, pool: number): string {
  if (pool === 0 && it.violation === 'SA003-mlflow-on-3.4') return '3.4';
  if (pool === 1 && it.violation === 'SA013-pool-on-3.3') return '3.3';
  return '3.5';
}

function noiseVnet(subscription: string, name: string): RawPayload {
  return {
    id: `/subscriptions/${subscription}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/${name}`,
    name,
    type: 'microsoft.network/virtualnetworks',
    subscriptionId: subscription,
    resourceGroup: 'rg-network',
    location: 'westeurope',
    properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, provisioningState: 'Succeeded' },
  };
}

// ---- the spec ----------------------------------------------------------------------------------------------------

function specYaml(integrations: Integration[], amls: AmlWs[], platformOwner: string[], subscriptions: string[], sizes: ScaleSizes): string {
  const out: string[] = [
    `# Synthetic estate for the scale benchmark: ${integrations.length} integrations (generated; see test/scale/generate.ts).`,
    'version: 1',
    'integrations:',
  ];
  const waivers: string[] = [];
  for (const it of integrations) {
    const aml = amls[it.amlIndex]!;
    const v = it.violation;
    const owner = platformOwner[subscriptions.indexOf(it.subscription)]!;
    out.push(`  - name: ${it.name}`);
    out.push('    synapse:');
    out.push(`      workspaceId: ${it.synapseId}`);
    if (v !== 'SA011-no-managed-vnet') out.push('      managedVirtualNetwork: true');
    out.push('      preventDataExfiltration: false');
    out.push(`      publicNetworkAccess: ${v === 'SA100-public-access-drift' ? 'Disabled' : 'Enabled'}`);
    out.push('      sparkPools:');
    for (let p = 0; p < sizes.pools; p++) {
      const version = poolVersion(it, p);
      const tracking = p === 0 ? 'linkedService' : 'none';
      out.push(`        - { name: pool${p + 1}, sparkVersion: "${version}", mlflowTracking: ${tracking} }`);
    }
    if (v === 'SA016-declared-pool-missing') out.push('        - { name: pool-retired, sparkVersion: "3.5", mlflowTracking: none }');
    out.push('    machineLearning:');
    out.push(`      workspaceId: ${it.declaredAmlId}`);
    out.push('      publicNetworkAccess: Disabled');
    out.push('      dependencyPrivateEndpoints: [blob, file, dfs, vault, registry]');
    if (v === 'SA021-serverless-not-spark-ready') out.push('      serverlessSpark: true');
    if (v === 'SA005-linker-only-contributor' || v === 'SA006-link-without-spark-admin') {
      out.push(`      synapseLink: { name: synapselink-${it.synapseName}, linkedBy: ${it.linker} }`);
    }
    out.push('    linkedService:');
    out.push(`      name: AzureML-${it.synapseName}`);
    if (v === 'SA014-inline-key' || v === 'SA015-client-id-is-a-name') {
      out.push('      authentication: servicePrincipal');
      out.push('      integrationRuntime: AutoResolveIntegrationRuntime');
      out.push('      servicePrincipal:');
      out.push(`        clientId: ${v === 'SA015-client-id-is-a-name' ? `ml-app-${it.synapseName}` : it.spClient}`);
      out.push(`        objectId: ${it.spObject}`);
      out.push(`        secret: { keyVault: { linkedService: kv-ls, secretName: sp-${it.synapseName} } }`);
    } else {
      out.push('      authentication: managedIdentity');
      out.push('      integrationRuntime: AutoResolveIntegrationRuntime');
    }
    out.push('    network:');
    if (v !== 'SA011-no-managed-vnet') out.push('      managedPrivateEndpoint: { name: synapse-to-aml, required: true }');
    out.push('      approvedPrivateEndpoints:');
    out.push(`        - ${aml.peId}`);
    if (v !== 'SA009-sibling-endpoint-not-approved') for (const m of aml.members) if (m !== it) out.push(`        - ${managedPeId(m)}`);
    out.push('    access:');
    out.push('      privilegedPrincipals:');
    out.push(`        - ${owner}`);
    const amlOwner = platformOwner[subscriptions.indexOf(aml.subscription)]!;
    if (amlOwner !== owner) out.push(`        - ${amlOwner}`);
    for (const m of aml.members) out.push(`        - ${m.msi}`);
    // A sibling's service principal is Contributor on the shared AML workspace too.
    for (const m of aml.members) if (m !== it && usesServicePrincipal(m)) out.push(`        - ${m.spObject}`);
    if (v === 'SA005-linker-only-contributor' || v === 'SA006-link-without-spark-admin') out.push(`        - ${it.linker}`);
    out.push('      required:');
    out.push(`        - { principalId: ${it.dataEngineer}, role: Storage Blob Data Contributor, scope: synapse.defaultStorage }`);
    out.push(`        - { principalId: ${it.mlEngineer}, role: Reader, scope: machineLearning.workspace }`);
    if (v === 'SA003-mlflow-on-3.4') waivers.push(`  - { rule: SA013, integration: ${it.name}, reason: "Spark 3.5 migration booked", expires: 2099-12-31 }`);
  }
  if (waivers.length > 0) out.push('waivers:', ...waivers);
  return `${out.join('\n')}\n`;
}

// `synaml init --from-snapshot` (and, once live discovery exists, `--from-live`): a draft spec from what is deployed.
// Every Synapse workspace with an AzureMLService linked service becomes one integration per AML workspace its linked
// services point at, with the current values as the desired state and a comment on each saying where it came from.
// Nothing is invented: what Azure does not record (how a pool authenticates to MLflow, a service principal's object
// ID) is left as a commented placeholder, and a workspace whose linked services could not be read is listed, not dropped.
import { isGuid, lastSegment, sameId } from '../azure/ids.js';
import { isPoolOf } from '../engine/attached-pools.js';
import { amlSideLinksTo, amlWorkspaceIdOf, AZURE_ML_LINKED_SERVICE_TYPE, liveAuthentication, readProperty } from '../engine/linked-services.js';
import { connectionsOfManagedPrivateEndpoint, isApprovedStatus } from '../engine/private-endpoints.js';
import type { AmlWorkspace, Estate, IntegrationRuntime, SynapseLinkedService, SynapseWorkspace } from '../estate/model.js';
import { normaliseSnapshot } from '../estate/normalise.js';
import { describeReadError, type Snapshot } from '../estate/snapshot.js';
import { uniqueName } from '../spec/integration-name.js';
import type { AttachedSparkPoolSpec, IntegrationSpec, SparkPoolSpec } from '../spec/types.js';

export interface InitOptions {
  /** How the estate was read, for the header comment (e.g. `--from-snapshot state.json`). */
  origin?: string;
  /** When the estate was recorded (the snapshot's capturedAt). */
  capturedAt?: string;
  /** The `$schema` path written on the first line. */
  schemaPath?: string;
  /** What else the draft leaves out and why (e.g. scopes discovery could not search), one header comment each. */
  notes?: string[];
}

/** A Synapse workspace that did not become an integration, and why. */
export interface SkippedWorkspace {
  id: string;
  name: string;
  reason: string;
  /** True when its linked services could not be read (so whether it has an AzureMLService one is unknown). */
  unreadable: boolean;
}

export interface InitDraft {
  /** The draft spec, with comments. */
  yaml: string;
  /** The integrations it declares (the same values, without comments). */
  integrations: IntegrationSpec[];
  skipped: SkippedWorkspace[];
}

const AUTO_RESOLVE = 'AutoResolveIntegrationRuntime';
const AML_GROUP_ID = 'amlworkspace';
const YAML_WORDS = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/** A YAML scalar: plain when that reads back as the same string, else double-quoted (JSON escapes are valid YAML). */
function scalar(value: string | boolean): string {
  if (typeof value === 'boolean') return String(value);
  return /^[A-Za-z_/][A-Za-z0-9_./:@-]*$/.test(value) && !YAML_WORDS.test(value) ? value : JSON.stringify(value);
}

/** `3.4.0` -> `3.4` (the spec's major.minor form); anything else as is, or undefined when it cannot be declared. */
function declarableSparkVersion(version: string | undefined): string | undefined {
  const m = /^\s*(\d+)\.(\d+)(?:\.\d+)*\s*$/.exec(version ?? '');
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

function enabledDisabled(value: string | undefined): 'Enabled' | 'Disabled' | undefined {
  const v = (value ?? 'Enabled').trim().toLowerCase();
  return v === 'enabled' ? 'Enabled' : v === 'disabled' ? 'Disabled' : undefined;
}

class Lines {
  readonly out: string[] = [];
  add(indent: number, text: string, comment?: string): void {
    this.out.push(`${' '.repeat(indent)}${text}${comment ? `  # ${comment}` : ''}`);
  }
  comment(indent: number, text: string): void {
    this.out.push(`${' '.repeat(indent)}# ${text}`);
  }
}

interface Group {
  target: string;
  linkedServices: SynapseLinkedService[];
}

/**
 * The AML workspace's attached Synapse Spark pools on this Synapse workspace (its computes of type SynapseSpark), by
 * name. A compute with both a system- and user-assigned identity has no single `identity` in the spec: it is left out.
 */
function writeAttachedSparkPools(out: Lines, estate: Estate, aml: AmlWorkspace, ws: SynapseWorkspace): AttachedSparkPoolSpec[] | undefined {
  const read = estate.attachedSparkPools(aml.id);
  if (!read.ok) {
    out.comment(6, `attachedSparkPools: not declared: the AML workspace's computes could not be read (${describeReadError(read.error)})`);
    return undefined;
  }
  const mine = read.value.filter((c) => isPoolOf(c.poolResourceId, ws.id)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (mine.length === 0) return undefined;
  out.add(6, 'attachedSparkPools:', `from ARM: the computes of type SynapseSpark of AML workspace ${aml.name} on this Synapse workspace`);
  const specs: AttachedSparkPoolSpec[] = [];
  for (const compute of mine) {
    out.add(8, `- name: ${scalar(compute.name)}`);
    const pool = lastSegment(compute.poolResourceId!);
    out.add(10, `pool: ${scalar(pool)}`, 'from properties.resourceId');
    const spec: AttachedSparkPoolSpec = { name: compute.name, pool };
    const system = compute.identity.types.includes('systemassigned');
    const user = compute.identity.types.includes('userassigned');
    if (system && user) out.comment(10, 'identity: not declared: the compute has both a system-assigned and user-assigned identities (identity.type)');
    else if (user && compute.identity.userAssigned.length > 0) {
      out.add(10, 'identity: userAssigned', 'from identity.type');
      out.add(10, 'userAssignedIdentities:', 'from identity.userAssignedIdentities');
      for (const u of compute.identity.userAssigned) out.add(12, `- ${scalar(u.resourceId)}`);
      spec.identity = 'userAssigned';
      spec.userAssignedIdentities = compute.identity.userAssigned.map((u) => u.resourceId);
    } else if (user) out.comment(10, 'identity: not declared: identity.type is UserAssigned but no userAssignedIdentities were returned');
    else {
      spec.identity = system ? 'systemAssigned' : 'none';
      out.add(10, `identity: ${spec.identity}`, system ? 'from identity.type' : 'from identity: the compute has none (SA019)');
    }
    specs.push(spec);
  }
  return specs;
}

function writeIntegration(out: Lines, estate: Estate, ws: SynapseWorkspace, group: Group, name: string): IntegrationSpec {
  const [ls, ...others] = group.linkedServices as [SynapseLinkedService, ...SynapseLinkedService[]];
  out.add(2, `- name: ${scalar(name)}`, `from Synapse workspace ${ws.name}`);

  // ---- synapse
  out.add(4, 'synapse:');
  out.add(6, `workspaceId: ${scalar(ws.id)}`, 'from Resource Graph: microsoft.synapse/workspaces');
  out.add(6, `managedVirtualNetwork: ${ws.managedVirtualNetwork}`, 'from Resource Graph: properties.managedVirtualNetwork');
  out.add(6, `preventDataExfiltration: ${ws.preventDataExfiltration}`, 'from Resource Graph: properties.managedVirtualNetworkSettings.preventDataExfiltration');
  const synPna = enabledDisabled(ws.publicNetworkAccess);
  if (synPna) out.add(6, `publicNetworkAccess: ${synPna}`, `from Resource Graph: properties.publicNetworkAccess${ws.publicNetworkAccess === undefined ? ' (absent: Enabled)' : ''}`);
  const synapse: IntegrationSpec['synapse'] = {
    workspaceId: ws.id,
    managedVirtualNetwork: ws.managedVirtualNetwork,
    preventDataExfiltration: ws.preventDataExfiltration,
    ...(synPna && { publicNetworkAccess: synPna }),
  };
  const pools = estate.sparkPools(ws.id);
  if (!pools.ok) out.comment(6, `sparkPools: not declared: the Spark pools could not be read (${describeReadError(pools.error)})`);
  else if (pools.value.length > 0) {
    out.add(6, 'sparkPools:', 'from Resource Graph: microsoft.synapse/workspaces/bigdatapools');
    const specs: SparkPoolSpec[] = [];
    // By name: the draft reads the same whatever order Resource Graph returned the pools in.
    for (const pool of [...pools.value].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      out.add(8, `- name: ${scalar(pool.name)}`);
      const version = declarableSparkVersion(pool.sparkVersion);
      if (version) out.add(10, `sparkVersion: ${JSON.stringify(version)}`, 'from Resource Graph: properties.sparkVersion');
      else out.comment(10, `sparkVersion: not declared: Resource Graph reports ${pool.sparkVersion === undefined ? 'none' : JSON.stringify(pool.sparkVersion)}`);
      out.comment(10, 'mlflowTracking: linkedService | servicePrincipal | none   # not recorded in Azure: how the pool authenticates to MLflow (SA003)');
      specs.push({ name: pool.name, ...(version && { sparkVersion: version }) });
    }
    synapse.sparkPools = specs;
  }

  // ---- machineLearning
  const amlRead = estate.amlWorkspace(group.target);
  const aml: AmlWorkspace | undefined = amlRead.ok ? amlRead.value : undefined;
  const amlId = aml?.id ?? group.target;
  out.add(4, 'machineLearning:');
  out.add(6, `workspaceId: ${scalar(amlId)}`, `from linked service ${ls.name}: typeProperties.subscriptionId, resourceGroupName, mlWorkspaceName`);
  const machineLearning: IntegrationSpec['machineLearning'] = { workspaceId: amlId };
  if (!amlRead.ok) out.comment(6, `publicNetworkAccess: not declared: the AML workspace could not be read (${describeReadError(amlRead.error)})`);
  else if (!aml) out.comment(6, `publicNetworkAccess: not declared: the AML workspace ${lastSegment(amlId)} is not in the estate (SA016 will report it)`);
  else {
    const pna = enabledDisabled(aml.publicNetworkAccess);
    if (pna) {
      out.add(6, `publicNetworkAccess: ${pna}`, `from Resource Graph: properties.publicNetworkAccess${aml.publicNetworkAccess === undefined ? ' (absent: Enabled)' : ''}`);
      machineLearning.publicNetworkAccess = pna;
    }
  }
  out.comment(6, 'dependencyPrivateEndpoints: [blob, file, dfs, vault, registry]   # declare the AML dependencies that must be private (SA010)');
  if (aml) {
    const links = amlSideLinksTo(estate, aml.id, ws.id);
    const link = links.ok ? links.value[0] : undefined;
    if (link) {
      out.add(6, `synapseLink: { name: ${scalar(link.name)} }`, 'from ARM: the AML-side (SDK v1, deprecated) linked service to this Synapse workspace (SA012); add linkedBy: <object ID> for SA005');
      machineLearning.synapseLink = { name: link.name };
    }
    const attached = writeAttachedSparkPools(out, estate, aml, ws);
    if (attached) machineLearning.attachedSparkPools = attached;
  }
  out.comment(6, 'serverlessSpark: true   # not recorded in Azure: whether jobs run on AML serverless Spark compute (SA021)');

  // ---- linkedService
  const authentication = liveAuthentication(ls);
  const auth = readProperty(ls.typeProperties, 'authentication');
  out.add(4, 'linkedService:');
  out.add(6, `name: ${scalar(ls.name)}`, 'from the Synapse data plane: the linked service of type AzureMLService');
  out.add(6, `authentication: ${authentication}`, auth.kind === 'literal' ? `from typeProperties.authentication: ${auth.value}` : authentication === 'servicePrincipal' ? 'from typeProperties.servicePrincipalId (set)' : 'no servicePrincipalId: the workspace managed identity');
  const runtime = ls.connectVia ?? AUTO_RESOLVE;
  const irs = estate.integrationRuntimes(ws.id);
  const ir: IntegrationRuntime | undefined = irs.ok ? irs.value.find((r) => r.name.toLowerCase() === runtime.toLowerCase()) : undefined;
  out.add(6, `integrationRuntime: ${scalar(runtime)}`, `from properties.connectVia.referenceName${ls.connectVia === undefined ? ' (absent: AutoResolveIntegrationRuntime)' : ''}${ir ? `; type ${ir.type}` : ''}`);
  const linkedService: NonNullable<IntegrationSpec['linkedService']> = { name: ls.name, authentication, integrationRuntime: runtime };
  if (authentication === 'servicePrincipal') {
    const id = readProperty(ls.typeProperties, 'servicePrincipalId');
    const tenant = readProperty(ls.typeProperties, 'tenant');
    if (id.kind === 'literal') {
      out.add(6, 'servicePrincipal:');
      out.add(8, `clientId: ${scalar(id.value)}`, `from typeProperties.servicePrincipalId${isGuid(id.value) ? '' : ' (not a GUID: SA015)'}`);
      const sp: NonNullable<typeof linkedService.servicePrincipal> = { clientId: id.value };
      out.comment(8, `objectId: <object ID of the service principal>   # not in the linked service: az ad sp show --id ${id.value} --query id -o tsv (SA004)`);
      if (tenant.kind === 'literal' && isGuid(tenant.value)) {
        out.add(8, `tenantId: ${scalar(tenant.value)}`, 'from typeProperties.tenant');
        sp.tenantId = tenant.value;
      }
      const key = ls.typeProperties['servicePrincipalKey'] as Record<string, unknown> | undefined;
      const store = (key?.['store'] as Record<string, unknown> | undefined)?.['referenceName'];
      const secretName = key?.['secretName'];
      if (String(key?.['type']).toLowerCase() === 'azurekeyvaultsecret' && typeof store === 'string' && typeof secretName === 'string') {
        out.add(8, `secret: { keyVault: { linkedService: ${scalar(store)}, secretName: ${scalar(secretName)} } }`, 'from typeProperties.servicePrincipalKey (AzureKeyVaultSecret)');
        sp.secret = { keyVault: { linkedService: store, secretName } };
      } else {
        const held = key === undefined ? (ls.typeProperties['encryptedCredential'] ? 'an encryptedCredential' : 'no key') : `a ${String(key['type'] ?? 'key')}`;
        out.comment(8, `secret: { keyVault: { linkedService: <Key Vault linked service>, secretName: <secret> } }   # the linked service holds ${held}, not a Key Vault reference (SA014)`);
      }
      linkedService.servicePrincipal = sp;
    } else {
      out.comment(6, `servicePrincipal: not declared: servicePrincipalId is ${id.kind === 'expression' ? `an expression (${id.text})` : 'missing'}`);
    }
  }
  for (const other of others) out.comment(6, `linked service ${other.name} points at the same AML workspace: the rules check it as well`);

  // ---- network
  const network: NonNullable<IntegrationSpec['network']> = {};
  const netLines = new Lines();
  if (ws.managedVirtualNetwork) {
    const mpes = estate.managedPrivateEndpoints(ws.id);
    if (!mpes.ok) netLines.comment(6, `managedPrivateEndpoint: not declared: the managed private endpoints could not be read (${describeReadError(mpes.error)})`);
    else {
      const toAml = mpes.value.filter((m) => sameId(m.privateLinkResourceId, amlId));
      const mpe = toAml.find((m) => m.groupId?.toLowerCase() === AML_GROUP_ID) ?? toAml[0];
      if (mpe) {
        netLines.add(6, `managedPrivateEndpoint: { name: ${scalar(mpe.name)}, required: true }`, `from the Synapse data plane: managed private endpoint to the AML workspace (groupId ${mpe.groupId ?? 'none'}, ${mpe.status ?? 'no status'})`);
        network.managedPrivateEndpoint = { name: mpe.name, required: true };
      } else netLines.comment(6, 'managedPrivateEndpoint: none of the managed private endpoints targets the AML workspace');
    }
  }
  if (aml) {
    const implicit = new Set(network.managedPrivateEndpoint ? connectionsOfManagedPrivateEndpoint(aml.privateEndpointConnections, ws.name, network.managedPrivateEndpoint.name) : []);
    const connections = aml.privateEndpointConnections.filter((c) => !implicit.has(c) && c.privateEndpointId !== undefined);
    const approved = connections.filter((c) => isApprovedStatus(c.status)).map((c) => c.privateEndpointId!);
    if (approved.length > 0) {
      netLines.add(6, 'approvedPrivateEndpoints:', "from Resource Graph: the AML workspace's Approved privateEndpointConnections");
      for (const id of approved) netLines.add(8, `- ${scalar(id)}`);
      network.approvedPrivateEndpoints = approved;
    }
    for (const c of connections.filter((x) => !isApprovedStatus(x.status))) {
      netLines.comment(6, `not approved, so not declared: ${c.privateEndpointId} (${c.status ?? 'no status'}): SA009 reports it`);
    }
  }
  if (netLines.out.length > 0) {
    out.add(4, Object.keys(network).length > 0 ? 'network:' : '# network:');
    out.out.push(...netLines.out);
  }
  out.comment(4, 'access:   # who may and must hold which roles (SA007, SA101, SA102): not drafted, declare it by hand');
  out.comment(4, '  privilegedPrincipals: [<object ID>]');
  out.add(0, '');
  return {
    name,
    synapse,
    machineLearning,
    linkedService,
    ...(Object.keys(network).length > 0 && { network }),
  };
}

/** Drafts a spec from an estate (see the file comment). Pure: no I/O. */
export function initFromEstate(estate: Estate, options: InitOptions = {}): InitDraft {
  const skipped: SkippedWorkspace[] = [];
  const body = new Lines();
  const integrations: IntegrationSpec[] = [];
  const taken = new Set<string>();
  const unreachable: string[] = [];
  for (const ws of estate.allSynapseWorkspaces()) {
    const read = estate.synapseLinkedServices(ws.id);
    if (!read.ok) {
      skipped.push({ id: ws.id, name: ws.name, unreadable: true, reason: `its linked services could not be read (${describeReadError(read.error)})` });
      continue;
    }
    const amlServices = read.value.filter((ls) => ls.type.toLowerCase() === AZURE_ML_LINKED_SERVICE_TYPE.toLowerCase());
    if (amlServices.length === 0) {
      skipped.push({ id: ws.id, name: ws.name, unreadable: false, reason: 'it has no AzureMLService linked service' });
      continue;
    }
    const groups = new Map<string, Group>();
    for (const ls of amlServices) {
      const target = amlWorkspaceIdOf(ls);
      if (!target) {
        unreachable.push(`linked service ${ls.name} of Synapse workspace ${ws.name}: its subscriptionId, resourceGroupName or mlWorkspaceName is an expression, so the AML workspace it points at is not known`);
        continue;
      }
      const key = target.toLowerCase();
      const group = groups.get(key) ?? { target, linkedServices: [] };
      group.linkedServices.push(ls);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      const base = groups.size > 1 ? `${ws.name}-${lastSegment(group.target)}` : ws.name;
      integrations.push(writeIntegration(body, estate, ws, group, uniqueName(base, taken)));
    }
  }

  const out = new Lines();
  out.add(0, `# yaml-language-server: $schema=${options.schemaPath ?? './node_modules/synaml/schema/spec-v1.schema.json'}`);
  out.comment(0, `Draft synaml spec written by \`synaml init${options.origin ? ` ${options.origin}` : ''}\`${options.capturedAt ? ` from the estate recorded at ${options.capturedAt}` : ''}.`);
  out.comment(0, 'Every value is what is deployed now, taken as the desired state; the comment beside it says where it came from.');
  out.comment(0, 'Review it: change what should be different, fill in the commented placeholders, then `synaml validate` and `synaml audit`.');
  const notes = [
    ...skipped.map((s) => `Not included: Synapse workspace ${s.name} (${s.id}): ${s.reason}.${s.unreadable ? ' Grant the missing access and run `synaml init` again, or declare it by hand.' : ''}`),
    ...unreachable.map((u) => `Not included: ${u}.`),
    ...(options.notes ?? []),
  ];
  for (const note of notes) out.comment(0, note);
  out.add(0, 'version: 1');
  out.add(0, 'integrations:');
  out.out.push(...body.out);
  return { yaml: `${out.out.join('\n').replace(/\n+$/, '')}\n`, integrations, skipped };
}

/** Drafts a spec from a snapshot (`synaml init --from-snapshot`). Pure: no I/O. */
export function initFromSnapshot(snapshot: Snapshot, options: InitOptions = {}): InitDraft {
  return initFromEstate(normaliseSnapshot(snapshot), { capturedAt: snapshot.capturedAt, ...options });
}

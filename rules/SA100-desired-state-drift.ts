// SA100: every declared property must match what is deployed: one finding per declared property, expected vs actual.
import { lastSegment, sameId } from '../src/azure/ids.js';
import { computeId } from '../src/engine/attached-pools.js';
import { AZURE_ML_LINKED_SERVICE_TYPE, findDeclaredLinkedService, liveAuthentication, pointsAt, type PropertyValue, readProperty } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { AttachedSparkPool, Availability, SnapshotError, SynapseLinkedService, SynapseWorkspace } from '../src/estate/model.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { SpecPath } from '../src/spec/types.js';
import { DOCS } from './docs.js';

const AUTO_RESOLVE = 'AutoResolveIntegrationRuntime';
const nameOf = lastSegment;

/** `3.4`, `3.4.0` and ` 3.4 ` are the same runtime: compare major.minor numerically when both are numeric. */
export function sameSparkVersion(declared: string, live: string): boolean {
  const key = (v: string) => {
    const parts = v.trim().split('.');
    if (parts.every((p) => /^\d+$/.test(p))) return `${Number(parts[0])}.${Number(parts[1] ?? '0')}`;
    return v.trim().toLowerCase();
  };
  return key(declared) === key(live);
}

export interface Subject {
  property: string;
  resource: string;
  resourceId: string;
  path: SpecPath;
  /** The Resource Manager property compared (a finding on it carries its `lastChange`); none for the data plane. */
  armProperty?: string;
}

/**
 * What to do about one property that differs: update the spec if the deployment is right, else the command or portal
 * step that sets that property (issue 20: one text for every property said nothing about the one that drifted).
 */
export function propertyRemediation(s: Subject, expected: string): string {
  const spec = `Decide which side is right. If the deployment is, set ${s.property} to the deployed value in the spec.`;
  const segments = s.resourceId.split('/');
  const after = (type: string) => segments[segments.findIndex((x) => x.toLowerCase() === type) + 1] ?? '<name>';
  const workspace = after('workspaces');
  if (s.resource.startsWith('Spark pool')) {
    return `${spec} Otherwise upgrade the pool: \`Update-AzSynapseSparkPool -WorkspaceName ${workspace} -Name ${after('bigdatapools')} -SparkVersion ${expected}\` (Azure PowerShell), or redeploy it from your template.`;
  }
  if (s.resource.startsWith('attached Spark pool')) {
    const compute = after('computes');
    const field = s.property === 'pool' ? `resource_id: ${expected}` : s.property === 'identity' ? `identity: { type: ${expected === 'userAssigned' ? 'user_assigned' : expected === 'systemAssigned' ? 'system_assigned' : 'none'} }` : `identity.user_assigned_identities: ${expected}`;
    return `${spec} Otherwise write the compute's YAML (type: synapsespark, name: ${compute}, ${field}) and attach it again: \`az ml compute detach --name ${compute} --workspace-name ${workspace}\`, then \`az ml compute attach --file <compute.yml> --workspace-name ${workspace}\`.`;
  }
  if (s.resource.startsWith('AML workspace')) {
    return `${spec} Otherwise \`az ml workspace update --name ${workspace} --resource-group ${after('resourcegroups')} --public-network-access ${expected}\`.`;
  }
  if (s.resource.startsWith('Synapse workspace')) {
    if (s.property === 'publicNetworkAccess') {
      return `${spec} Otherwise \`Update-AzSynapseWorkspace -Name ${workspace} -ResourceGroupName ${after('resourcegroups')} -EnablePublicNetworkAccess ${expected.toLowerCase() === 'enabled' ? '$true' : '$false'}\` (Azure PowerShell), or the workspace's Networking page in the portal.`;
    }
    return `${spec} ${s.property} can only be chosen when a Synapse workspace is created: to change it, create a new workspace with ${s.property}: ${expected} and move the artifacts (publish them from Git), then point the spec at it.`;
  }
  return `${spec} Otherwise, in Synapse Studio > Manage > Linked services, open the AzureML linked service, set ${s.property} to ${expected} and Publish (or change linkedService/<name>.json in the collaboration branch and publish).`;
}

/** The Resource Manager property paths (as resourcechanges names them) of the declared Synapse workspace settings. */
const SYNAPSE_ARM_PROPERTY: Record<string, string> = {
  managedVirtualNetwork: 'properties.managedVirtualNetwork',
  preventDataExfiltration: 'properties.managedVirtualNetworkSettings.preventDataExfiltration',
  publicNetworkAccess: 'properties.publicNetworkAccess',
};

/** A live value compared with a declared one. */
function compare(s: Subject, expected: string, actual: string, equal: boolean): Check {
  const { resourceId, path } = s;
  return equal
    ? pass('matches', { resourceId, path, data: { property: s.property, resource: s.resource, value: actual }, expected, actual })
    : fail('differs', {
        resourceId,
        path,
        data: { property: s.property, resource: s.resource, expected, actual },
        expected,
        actual,
        remediation: propertyRemediation(s, expected),
        ...(s.armProperty ? { property: s.armProperty } : {}),
      });
}

/** A live value that is an ADF/Synapse expression: it cannot be evaluated, so it is reported as a note. */
function expression(s: Subject, expected: string, actual: string): Check {
  return fail('expression', {
    severity: 'note',
    resourceId: s.resourceId,
    path: s.path,
    data: { property: s.property, resource: s.resource, expected, actual },
    expected,
    actual,
  });
}

/** The per-property outcome when the resource holding the property is missing, unreadable, or of the wrong kind. */
type Holder<T> = { kind: 'found'; value: T } | { kind: 'missing'; describe: string } | { kind: 'unknown'; error: SnapshotError; what: string } | { kind: 'other'; messageId: string; data: Record<string, string> };

function notComparable<T>(holder: Exclude<Holder<T>, { kind: 'found' }>, s: Subject): Check {
  const base = { resourceId: s.resourceId, path: s.path };
  if (holder.kind === 'unknown') return unknown(holder.error, holder.what, { data: { property: s.property, resource: s.resource }, ...base });
  if (holder.kind === 'missing') return notApplicable('resource-missing', { data: { property: s.property, resource: holder.describe }, ...base });
  return notApplicable(holder.messageId, { data: { property: s.property, ...holder.data }, ...base });
}

function holderOf<T>(read: Availability<T | undefined>, describe: string, what: string): Holder<T> {
  if (!read.ok) return { kind: 'unknown', error: read.error, what };
  return read.value ? { kind: 'found', value: read.value } : { kind: 'missing', describe };
}

const shown = (v: PropertyValue) => (v.kind === 'literal' ? v.value : v.kind === 'expression' ? `expression ${v.text}` : '(not set)');

const rule: Rule = {
  meta: {
    id: 'SA100',
    name: 'desired-state-drift',
    title: 'Declared properties must match the deployed state',
    severity: 'warning',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.synapse/workspaces/bigdatapools', 'microsoft.machinelearningservices/workspaces'],
    dataSources: ['resourceGraph.resources', 'synapse.linkedServices', 'arm.computes', 'spec'],
    judges: 'estate',
    rationale:
      'The spec is the desired state of the integration. Each property it declares is compared with the deployed value: the ' +
      "Synapse workspace's managed virtual network, data exfiltration protection and public network access (absent means " +
      "Enabled), each Spark pool's runtime version (major.minor: 3.4 and 3.4.0 are equal), the AML workspace's public network " +
      "access (absent means Enabled), and the AzureML linked service's authentication, integration runtime (no connectVia means " +
      'AutoResolveIntegrationRuntime), service principal client ID and tenant, and the AML workspace it points at; each ' +
      "declared attached Spark pool's pool (its compute's resourceId, case-insensitive), identity type and user-assigned " +
      'identities (as a set). A difference ' +
      'means the deployment drifted from the reviewed configuration (or the spec is stale). A live value that is a ' +
      'Synapse/ADF expression cannot be evaluated offline and is reported as a note. Properties that are not declared are not ' +
      'compared; properties of a resource that does not exist are not-applicable (SA016 reports the absence).',
    remediation:
      'Decide which side is right. If the deployment is, update the spec. Otherwise redeploy from the spec (Bicep/Terraform/ARM) ' +
      'or fix the setting: Azure PowerShell `Update-AzSynapseWorkspace -Name <workspace> -EnablePublicNetworkAccess <$true|$false>` ' +
      'and `Update-AzSynapseSparkPool -WorkspaceName <workspace> -Name <pool> -SparkVersion <x.y>`, ' +
      '`az ml workspace update --name <workspace> --public-network-access <Enabled|Disabled>`, ' +
      '`az ml compute update --name <compute> --resource-group <rg> --workspace-name <aml workspace> --identity-type <SystemAssigned|UserAssigned>` ' +
      '(an attached pool\'s identity; its pool only by detaching and attaching again with `az ml compute attach --file`), ' +
      'and for the linked service Synapse Studio > Manage > Linked services > the AzureML linked service (authentication, ' +
      'integration runtime, service principal ID, subscription / workspace) > Publish. A managed virtual network and data ' +
      'exfiltration protection can only be chosen when a Synapse workspace is created.',
    docs: [DOCS.quickstart, DOCS.privateEndpointIntegration, DOCS.manageSynapseSparkPool],
    messages: {
      ...COMMON_MESSAGES,
      matches: '{{property}} of {{resource}} matches the spec ({{value}}).',
      differs: '{{property}} of {{resource}} is {{actual}}; the spec declares {{expected}}.',
      expression: '{{property}} of {{resource}} is {{actual}}: cannot compare an expression with the declared {{expected}}.',
      'resource-missing': '{{property}} is not compared: {{resource}} does not exist (see SA016).',
      'wrong-type': '{{property}} is not compared: linked service {{name}} is of type {{type}}, not AzureMLService (see SA016).',
    },
  },
  checkEstate({ integration, estate }) {
    const checks: Check[] = [];
    const synapseId = integration.synapse.workspaceId;
    const synapseName = nameOf(synapseId);
    const syn = integration.synapse;

    // ---- Synapse workspace --------------------------------------------------------------------------------------
    const needsSynapse =
      syn.managedVirtualNetwork !== undefined ||
      syn.preventDataExfiltration !== undefined ||
      syn.publicNetworkAccess !== undefined ||
      (syn.sparkPools ?? []).some((p) => p.sparkVersion !== undefined) ||
      integration.linkedService !== undefined;
    const ws = needsSynapse
      ? holderOf(estate.synapseWorkspace(synapseId), `Synapse workspace ${synapseName}`, 'the Synapse workspace')
      : undefined;
    const onSynapse = (property: string, path: SpecPath, evaluate: (w: SynapseWorkspace) => Check) => {
      const s: Subject = { property, resource: `Synapse workspace ${synapseName}`, resourceId: synapseId, path };
      if (!ws) return;
      checks.push(ws.kind === 'found' ? evaluate(ws.value) : notComparable(ws, s));
    };
    const synSubject = (property: string, key: string): Subject => ({
      property,
      resource: `Synapse workspace ${synapseName}`,
      resourceId: ws?.kind === 'found' ? ws.value.id : synapseId,
      path: ['synapse', key],
      armProperty: SYNAPSE_ARM_PROPERTY[key],
    });

    if (syn.managedVirtualNetwork !== undefined) {
      const declared = syn.managedVirtualNetwork;
      onSynapse('managedVirtualNetwork', ['synapse', 'managedVirtualNetwork'], (w) =>
        compare(synSubject('managedVirtualNetwork', 'managedVirtualNetwork'), String(declared), String(w.managedVirtualNetwork), declared === w.managedVirtualNetwork),
      );
    }
    if (syn.preventDataExfiltration !== undefined) {
      const declared = syn.preventDataExfiltration;
      onSynapse('preventDataExfiltration', ['synapse', 'preventDataExfiltration'], (w) =>
        compare(synSubject('preventDataExfiltration', 'preventDataExfiltration'), String(declared), String(w.preventDataExfiltration), declared === w.preventDataExfiltration),
      );
    }
    if (syn.publicNetworkAccess !== undefined) {
      const declared = syn.publicNetworkAccess;
      onSynapse('publicNetworkAccess', ['synapse', 'publicNetworkAccess'], (w) => {
        const live = w.publicNetworkAccess ?? 'Enabled';
        return compare(synSubject('publicNetworkAccess', 'publicNetworkAccess'), declared, live, declared.toLowerCase() === live.toLowerCase());
      });
    }

    // ---- Spark pools --------------------------------------------------------------------------------------------
    const declaredPools = (syn.sparkPools ?? []).map((p, index) => ({ p, index })).filter(({ p }) => p.sparkVersion !== undefined);
    if (declaredPools.length > 0 && ws) {
      const poolsRead = ws.kind === 'found' ? estate.sparkPools(ws.value.id) : undefined;
      for (const { p, index } of declaredPools) {
        const declared = p.sparkVersion!;
        const s: Subject = { property: 'sparkVersion', resource: `Spark pool ${p.name}`, resourceId: `${synapseId}/bigDataPools/${p.name}`, path: ['synapse', 'sparkPools', index, 'sparkVersion'] };
        if (ws.kind !== 'found') {
          checks.push(notComparable(ws, s));
          continue;
        }
        if (!poolsRead!.ok) {
          checks.push(unknown(poolsRead!.error, `the Spark pools of Synapse workspace ${synapseName}`, { resourceId: s.resourceId, path: s.path }));
          continue;
        }
        const live = poolsRead!.value.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
        if (!live) {
          checks.push(notApplicable('resource-missing', { resourceId: s.resourceId, path: s.path, data: { property: s.property, resource: `Spark pool ${p.name}` } }));
          continue;
        }
        const actual = live.sparkVersion?.trim() ?? '(not reported)';
        const onLive: Subject = { property: s.property, resource: s.resource, resourceId: live.id, path: s.path, armProperty: 'properties.sparkVersion' };
        checks.push(compare(onLive, declared.trim(), actual, live.sparkVersion !== undefined && sameSparkVersion(declared, live.sparkVersion)));
      }
    }

    // ---- AML workspace ------------------------------------------------------------------------------------------
    const ml = integration.machineLearning;
    if (ml.publicNetworkAccess !== undefined) {
      const declared = ml.publicNetworkAccess;
      const amlName = nameOf(ml.workspaceId);
      const aml = holderOf(estate.amlWorkspace(ml.workspaceId), `AML workspace ${amlName}`, 'the AML workspace');
      const s: Subject = { property: 'publicNetworkAccess', resource: `AML workspace ${amlName}`, resourceId: ml.workspaceId, path: ['machineLearning', 'publicNetworkAccess'] };
      if (aml.kind !== 'found') checks.push(notComparable(aml, s));
      else {
        const live = aml.value.publicNetworkAccess ?? 'Enabled';
        const onLive: Subject = { property: s.property, resource: s.resource, resourceId: aml.value.id, path: s.path, armProperty: 'properties.publicNetworkAccess' };
        checks.push(compare(onLive, declared, live, declared.toLowerCase() === live.toLowerCase()));
      }
    }

    // ---- The AzureML linked service -----------------------------------------------------------------------------
    const lsSpec = integration.linkedService;
    if (lsSpec && ws) {
      const resourceId = `${synapseId}/linkedservices/${lsSpec.name}`;
      const resource = `linked service ${lsSpec.name}`;
      let ls: Holder<SynapseLinkedService>;
      if (ws.kind !== 'found') ls = ws;
      else {
        const read = estate.synapseLinkedServices(ws.value.id);
        if (!read.ok) ls = { kind: 'unknown', error: read.error, what: `the linked services of Synapse workspace ${synapseName} (Synapse data plane)` };
        else {
          const found = findDeclaredLinkedService(read.value, integration);
          if (!found) ls = { kind: 'missing', describe: `linked service ${lsSpec.name}` };
          else if (found.type.toLowerCase() !== AZURE_ML_LINKED_SERVICE_TYPE.toLowerCase()) {
            ls = { kind: 'other', messageId: 'wrong-type', data: { name: found.name, type: found.type } };
          } else ls = { kind: 'found', value: found };
        }
      }
      const onLs = (property: string, path: SpecPath, evaluate: (live: SynapseLinkedService, s: Subject) => Check) => {
        const s: Subject = { property, resource, resourceId, path };
        checks.push(ls.kind === 'found' ? evaluate(ls.value, s) : notComparable(ls, s));
      };

      onLs('authentication', ['linkedService', 'authentication'], (live, s) => {
        const actual = liveAuthentication(live);
        return compare(s, lsSpec.authentication, actual, actual === lsSpec.authentication);
      });
      if (lsSpec.integrationRuntime !== undefined) {
        const declared = lsSpec.integrationRuntime;
        onLs('integrationRuntime', ['linkedService', 'integrationRuntime'], (live, s) => {
          const actual = live.connectVia ?? AUTO_RESOLVE;
          return compare(s, declared, actual, declared.toLowerCase() === actual.toLowerCase());
        });
      }
      const sp = lsSpec.servicePrincipal;
      if (sp?.clientId !== undefined) {
        onLs('servicePrincipal.clientId', ['linkedService', 'servicePrincipal', 'clientId'], (live, s) => {
          const v = readProperty(live.typeProperties, 'servicePrincipalId');
          if (v.kind === 'expression') return expression(s, sp.clientId, shown(v));
          const actual = v.kind === 'literal' ? v.value : '(none: the linked service has no servicePrincipalId)';
          return compare(s, sp.clientId, actual, v.kind === 'literal' && v.value.trim().toLowerCase() === sp.clientId.trim().toLowerCase());
        });
      }
      if (sp?.tenantId !== undefined) {
        const declared = sp.tenantId;
        onLs('servicePrincipal.tenantId', ['linkedService', 'servicePrincipal', 'tenantId'], (live, s) => {
          const v = readProperty(live.typeProperties, 'tenant');
          if (v.kind === 'expression') return expression(s, declared, shown(v));
          const actual = v.kind === 'literal' ? v.value : '(not set)';
          return compare(s, declared, actual, v.kind === 'literal' && v.value.trim().toLowerCase() === declared.trim().toLowerCase());
        });
      }
      onLs('target AML workspace', ['linkedService', 'name'], (live, s) => {
        const declared = ml.workspaceId;
        const sub = readProperty(live.typeProperties, 'subscriptionId');
        const rg = readProperty(live.typeProperties, 'resourceGroupName');
        const name = readProperty(live.typeProperties, 'mlWorkspaceName');
        const actual = `subscriptionId ${shown(sub)}, resourceGroupName ${shown(rg)}, mlWorkspaceName ${shown(name)}`;
        if (pointsAt(live, declared)) return compare(s, declared, actual, true);
        if ([sub, rg, name].some((v) => v.kind === 'expression')) return expression(s, declared, actual);
        return compare(s, declared, actual, false);
      });
    }

    // ---- Attached Spark pools (AML computes of type SynapseSpark) -----------------------------------------------
    const attached = ml.attachedSparkPools ?? [];
    if (attached.length > 0) {
      const amlName = nameOf(ml.workspaceId);
      const amlRead = estate.amlWorkspace(ml.workspaceId);
      const computes = amlRead.ok && amlRead.value ? estate.attachedSparkPools(amlRead.value.id) : undefined;
      attached.forEach((declared, index) => {
        const resource = `attached Spark pool ${declared.name}`;
        const resourceId = computeId(ml.workspaceId, declared.name);
        let holder: Holder<AttachedSparkPool>;
        if (!amlRead.ok) holder = { kind: 'unknown', error: amlRead.error, what: 'the AML workspace' };
        else if (!amlRead.value) holder = { kind: 'missing', describe: `AML workspace ${amlName}` };
        else if (!computes!.ok) holder = { kind: 'unknown', error: computes!.error, what: `the computes (attached Spark pools) of AML workspace ${amlName}` };
        else {
          const live = computes!.value.find((c) => c.name.toLowerCase() === declared.name.toLowerCase());
          holder = live ? { kind: 'found', value: live } : { kind: 'missing', describe: resource };
        }
        const on = (property: string, field: string, evaluate: (live: AttachedSparkPool, s: Subject) => Check) => {
          const s: Subject = { property, resource, resourceId, path: ['machineLearning', 'attachedSparkPools', index, field] };
          checks.push(holder.kind === 'found' ? evaluate(holder.value, { ...s, resourceId: holder.value.id }) : notComparable(holder, s));
        };
        on('pool', 'pool', (live, s) => {
          const expected = `${synapseId}/bigDataPools/${declared.pool}`;
          const actual = live.poolResourceId ?? '(no resourceId)';
          return compare(s, expected, actual, live.poolResourceId !== undefined && sameId(live.poolResourceId, expected));
        });
        if (declared.identity !== undefined) {
          const want = declared.identity;
          on('identity', 'identity', (live, s) => {
            const actual = liveIdentityKind(live);
            return compare(s, want, actual, actual === want);
          });
        }
        if (declared.userAssignedIdentities !== undefined) {
          const want = [...declared.userAssignedIdentities].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
          on('userAssignedIdentities', 'userAssignedIdentities', (live, s) => {
            const got = live.identity.userAssigned.map((u) => u.resourceId).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
            const equal = got.length === want.length && got.every((id, i) => sameId(id, want[i]));
            return compare(s, want.join(', '), got.length > 0 ? got.join(', ') : '(none)', equal);
          });
        }
      });
    }
    return checks;
  },
};

/** The identity kind of an attached pool, in the spec's words: systemAssigned, userAssigned, none, or both joined. */
function liveIdentityKind(compute: AttachedSparkPool): string {
  const kinds = [...(compute.identity.types.includes('systemassigned') ? ['systemAssigned'] : []), ...(compute.identity.types.includes('userassigned') ? ['userAssigned'] : [])];
  return kinds.length === 0 ? 'none' : kinds.join(',');
}

export default rule;

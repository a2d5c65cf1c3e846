// Which rules a deployment template can answer, which template facts each one reads, and the integration each one
// sees. This table is the whole difference between `check-template` and `audit`: the rules themselves are the same.
import type { IntegrationSpec, SpecPath } from '../spec/types.js';
import { LS_CONNECT_VIA, LS_TYPE, typeProperty, type RuleFacts, type WorkspaceFact } from './estate.js';
import { lastSegment } from '../azure/ids.js';
import { childName, childNameUnresolved, managedVirtualNetworkOf, type TemplateResource, type TemplateWorkspace } from './model.js';

/** Rules evaluated on every template. */
export const TEMPLATE_RULES = ['SA001', 'SA002', 'SA003', 'SA013', 'SA014', 'SA015', 'SA019', 'SA020'] as const;
/** Rules evaluated only with `--spec`: they compare the spec's declarations with the template. */
export const SPEC_TEMPLATE_RULES = ['SA016', 'SA100'] as const;

/** What check-template reads from a template, and why each rule can or cannot be answered (help text, README). */
export const TEMPLATE_RULE_NOTES: Readonly<Record<string, string>> = {
  SA001: 'the workspace resource\'s managedVirtualNetworkSettings.preventDataExfiltration (only when the template deploys Microsoft.Synapse/workspaces)',
  SA002: 'each AzureMLService linked service\'s connectVia and the type (Managed / SelfHosted) of the integration runtime it names',
  SA003: 'each Spark pool\'s sparkVersion (with --spec, the pool\'s declared mlflowTracking)',
  SA013: 'each Spark pool\'s sparkVersion, on --now',
  SA014: 'the service principal key of each AzureMLService linked service: SecureString, AzureKeyVaultSecret or encryptedCredential',
  SA015: 'the servicePrincipalId of each AzureMLService linked service',
  SA019: 'each Microsoft.MachineLearningServices/workspaces/computes of type SynapseSpark on a pool of the workspace: its identity',
  SA020: 'the workspace resource\'s publicNetworkAccess, when the template attaches one of its pools (a compute of type SynapseSpark)',
  SA016: 'with --spec: the declared Spark pools, linked service and managed private endpoint are in the template',
  SA100: 'with --spec: the declared workspace settings, pool runtimes and linked service properties match the template',
};

const POOL_VERSION = ['properties', 'sparkVersion'] as const;
const AUTH = typeProperty('authentication');
const SP_ID = typeProperty('servicePrincipalId');

/** The template facts each rule reads (see RuleFacts). */
export function factsFor(ruleId: string, view: IntegrationSpec): RuleFacts {
  switch (ruleId) {
    case 'SA001':
      return { workspace: ['preventDataExfiltration'] };
    case 'SA002':
      return { linkedService: ['name', LS_TYPE, LS_CONNECT_VIA], integrationRuntime: ['name', ['properties', 'type']], perItem: true };
    case 'SA003':
    case 'SA013':
      return { sparkPool: ['name', POOL_VERSION], perItem: true };
    case 'SA014':
      return {
        perItem: true,
        linkedService: [
          'name', LS_TYPE, AUTH, SP_ID,
          typeProperty('servicePrincipalKey', 'type'),
          typeProperty('servicePrincipalKey', 'store'),
          typeProperty('servicePrincipalKey', 'secretName'),
          typeProperty('encryptedCredential'),
        ],
      };
    case 'SA015':
      return { linkedService: ['name', LS_TYPE, AUTH, SP_ID], perItem: true };
    case 'SA020':
      return { workspace: ['publicNetworkAccess'] };
    case 'SA016':
      return {
        workspace: view.network?.managedPrivateEndpoint ? ['managedVirtualNetwork'] : [],
        sparkPool: ['name'],
        linkedService: ['name', LS_TYPE],
        managedPrivateEndpoint: ['name'],
      };
    case 'SA100': {
      const syn = view.synapse;
      const workspace: WorkspaceFact[] = [];
      if (syn.managedVirtualNetwork !== undefined) workspace.push('managedVirtualNetwork');
      if (syn.preventDataExfiltration !== undefined) workspace.push('preventDataExfiltration');
      if (syn.publicNetworkAccess !== undefined) workspace.push('publicNetworkAccess');
      return {
        workspace,
        sparkPool: ['name', POOL_VERSION],
        linkedService: ['name', LS_TYPE, AUTH, SP_ID, typeProperty('tenant'), LS_CONNECT_VIA],
        declaredLinkedServiceTarget: true,
      };
    }
    default:
      return {};
  }
}

/** A declaration the template cannot be compared with, and why: reported, never silently skipped. */
export interface Omission {
  /** Path inside the integration. */
  path: SpecPath;
  message: string;
}

export interface RuleView {
  integration: IntegrationSpec;
  omitted: Omission[];
}

/**
 * The integration a rule sees. SA003/SA013 evaluate every Spark pool of the template (matched by name to the spec's
 * declarations for `mlflowTracking`), so their view declares the template's pools without a version. SA016/SA100
 * (with --spec) see the spec without the declarations a template cannot answer: the workspace settings when the
 * template does not deploy the workspace resource, and any kind of resource the template deploys none of (a template
 * may deploy only part of an integration). Every other rule sees the integration as it is.
 */
export function viewFor(ruleId: string, integration: IntegrationSpec, ws: TemplateWorkspace, withSpec: boolean, computes: readonly TemplateResource[] = []): RuleView {
  if ((ruleId === 'SA019' || ruleId === 'SA020') && !withSpec) {
    // Like the pools above: the template's attached pools are the view's, so each finding points at its compute.
    const attached = computes
      .filter((c) => !childNameUnresolved(c) && String(c.read(['properties', 'computeType']).value ?? '').toLowerCase() === 'synapsespark')
      .map((c) => ({ name: childName(c), pool: lastSegment(String(c.read(['properties', 'resourceId']).partial ?? c.read(['properties', 'resourceId']).value ?? '')) }));
    if (attached.length > 0) return { integration: { ...integration, machineLearning: { ...integration.machineLearning, attachedSparkPools: attached } }, omitted: [] };
  }
  if (ruleId === 'SA003' || ruleId === 'SA013') {
    const declared = integration.synapse.sparkPools ?? [];
    const sparkPools = ws.bigDataPools.map((p) => {
      const name = childName(p);
      const match = declared.find((d) => d.name.toLowerCase() === name.toLowerCase());
      return { name, ...(match?.mlflowTracking !== undefined && { mlflowTracking: match.mlflowTracking }) };
    });
    return { integration: { ...integration, synapse: { ...integration.synapse, sparkPools } }, omitted: [] };
  }
  if (!withSpec || (ruleId !== 'SA016' && ruleId !== 'SA100')) return { integration, omitted: [] };

  const omitted: Omission[] = [];
  const view: IntegrationSpec = { ...integration, synapse: { ...integration.synapse } };
  const wsName = ws.name;
  if (ruleId === 'SA100') {
    const syn = view.synapse;
    if (syn.managedVirtualNetwork !== undefined && !managedVirtualNetworkOf(ws).known) {
      delete syn.managedVirtualNetwork;
      omitted.push({ path: ['synapse', 'managedVirtualNetwork'], message: `SA100 does not compare synapse.managedVirtualNetwork: the template deploys neither the workspace resource of ${wsName} nor anything in its managed virtual network` });
    }
    for (const key of ['preventDataExfiltration', 'publicNetworkAccess'] as const) {
      if (syn[key] !== undefined && !ws.resource) {
        delete syn[key];
        omitted.push({ path: ['synapse', key], message: `SA100 does not compare synapse.${key}: the template does not deploy the workspace resource of ${wsName} (Microsoft.Synapse/workspaces), only what is in it` });
      }
    }
  }
  if ((view.synapse.sparkPools?.length ?? 0) > 0 && ws.bigDataPools.length === 0) {
    delete view.synapse.sparkPools;
    omitted.push({ path: ['synapse', 'sparkPools'], message: `${ruleId} does not check the declared Spark pools: the template deploys no Spark pool to ${wsName}` });
  }
  if (view.linkedService && ws.linkedServices.length === 0) {
    delete view.linkedService;
    omitted.push({ path: ['linkedService'], message: `${ruleId} does not check the declared linked service: the template deploys no linked service to ${wsName}` });
  }
  if (ruleId === 'SA016' && view.network?.managedPrivateEndpoint && ws.managedPrivateEndpoints.length === 0) {
    const { managedPrivateEndpoint: _mpe, ...network } = view.network;
    void _mpe;
    view.network = network;
    omitted.push({ path: ['network', 'managedPrivateEndpoint'], message: `SA016 does not check the declared managed private endpoint: the template deploys no managed private endpoint to ${wsName}` });
  }
  return { integration: view, omitted };
}

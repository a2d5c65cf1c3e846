// Where a finding points in the template. The engine locates a check by its path inside the integration; here that
// path (and the rule, which says which property holds the fact) is mapped to the template node the fact comes from.
// Undefined means the template has no such node (e.g. a declared pool the template lacks): the caller falls back to
// the spec line that declares it, or to the workspace.
import type { IntegrationSpec, SourcePosition, SpecPath } from '../spec/types.js';
import { byName, isAmlLinkedService } from './estate.js';
import type { TemplateResource, TemplateWorkspace } from './model.js';

function lastField(path: SpecPath): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

function linkedServiceSpot(ls: TemplateResource, ruleId: string, tail: SpecPath): SourcePosition {
  const tp = (key: string) => ls.locate(['properties', 'typeProperties', key]);
  const connectVia = () => ls.locate(['properties', 'connectVia', 'referenceName']) ?? ls.locate(['properties', 'connectVia']) ?? ls.nameAt;
  const field = lastField(tail);
  switch (ruleId) {
    case 'SA002':
      return connectVia();
    case 'SA014':
      if (field === 'authentication') return tp('authentication') ?? ls.nameAt;
      return tp('servicePrincipalKey') ?? tp('encryptedCredential') ?? tp('servicePrincipalId') ?? ls.nameAt;
    case 'SA015':
      if (field === 'authentication') return tp('authentication') ?? ls.nameAt;
      return tp('servicePrincipalId') ?? ls.nameAt;
  }
  switch (field) {
    case 'integrationRuntime':
      return connectVia();
    case 'authentication':
      return tp('authentication') ?? tp('servicePrincipalId') ?? ls.nameAt;
    case 'clientId':
    case 'servicePrincipal':
      return tp('servicePrincipalId') ?? ls.nameAt;
    case 'tenantId':
      return tp('tenant') ?? ls.nameAt;
    case 'secret':
      return tp('servicePrincipalKey') ?? ls.nameAt;
    case 'name':
      // SA100 compares the target AML workspace under linkedService.name.
      return ruleId === 'SA100' ? (tp('mlWorkspaceName') ?? ls.nameAt) : ls.nameAt;
    default:
      return ls.nameAt;
  }
}

/**
 * The template position of the fact at `path` (inside the integration `view`) for `ruleId`, or undefined when the
 * template has no node for it.
 */
export function locateInTemplate(ruleId: string, path: SpecPath, view: IntegrationSpec, ws: TemplateWorkspace, computes: readonly TemplateResource[] = []): SourcePosition | undefined {
  const [section, ...tail] = path;
  if (section === undefined) return ws.anchor;
  if (section === 'synapse') {
    const [field, index, sub] = tail;
    if (field === 'sparkPools') {
      if (typeof index !== 'number') return undefined;
      const pool = byName(ws.bigDataPools, view.synapse.sparkPools?.[index]?.name);
      if (!pool) return undefined;
      return sub === 'name' ? pool.nameAt : (pool.locate(['properties', 'sparkVersion']) ?? pool.nameAt);
    }
    const resource = ws.resource;
    if (field === 'managedVirtualNetwork') return resource?.locate(['properties', 'managedVirtualNetwork']) ?? resource?.nameAt ?? ws.managedVirtualNetworks[0]?.nameAt;
    if (field === 'preventDataExfiltration' || (field === undefined && ruleId === 'SA001')) {
      return resource?.locate(['properties', 'managedVirtualNetworkSettings', 'preventDataExfiltration']) ?? resource?.locate(['properties', 'managedVirtualNetworkSettings']) ?? resource?.nameAt;
    }
    if (field === 'publicNetworkAccess') return resource?.locate(['properties', 'publicNetworkAccess']) ?? resource?.nameAt;
    return ws.anchor;
  }
  if (section === 'linkedService') {
    const ls = byName(ws.linkedServices, view.linkedService?.name);
    return ls ? linkedServiceSpot(ls, ruleId, tail) : undefined;
  }
  if (section === 'machineLearning' && tail[0] === 'attachedSparkPools') {
    const compute = typeof tail[1] === 'number' ? byName(computes, view.machineLearning.attachedSparkPools?.[tail[1]]?.name) : computes[0];
    return compute ? (compute.locate(['identity']) ?? compute.nameAt) : undefined;
  }
  if (section === 'machineLearning' && tail[0] === 'workspaceId' && (ruleId === 'SA019' || ruleId === 'SA020')) {
    return computes[0] ? (computes[0].locate(['identity']) ?? computes[0].nameAt) : undefined;
  }
  if (section === 'machineLearning' && tail[0] === 'workspaceId') {
    // A linked service the integration does not declare, but which points at its AML workspace (SA002, SA014, SA015).
    const declared = view.linkedService?.name.toLowerCase();
    const other = ws.linkedServices.find((ls) => isAmlLinkedService(ls) && ls.names[ls.names.length - 1]?.toLowerCase() !== declared);
    return other ? linkedServiceSpot(other, ruleId, []) : undefined;
  }
  if (section === 'network' && tail[0] === 'managedPrivateEndpoint') {
    return byName(ws.managedPrivateEndpoints, view.network?.managedPrivateEndpoint?.name)?.nameAt;
  }
  return undefined;
}

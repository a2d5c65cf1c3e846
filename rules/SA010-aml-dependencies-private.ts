// SA010: the AML workspace's dependencies (storage: blob, file, dfs; Key Vault: vault; Container Registry: registry) need
// approved private endpoints in the secure setup.
import { lastSegment, sameId } from '../src/azure/ids.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import { isApprovedStatus } from '../src/engine/private-endpoints.js';
import type { AmlWorkspace, Estate, PrivateEndpoint } from '../src/estate/model.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { DependencyKind, SpecPath } from '../src/spec/types.js';
import { DOCS } from './docs.js';

const ALL_KINDS: readonly DependencyKind[] = ['blob', 'file', 'dfs', 'vault', 'registry'];

const DEPENDENCY: Record<DependencyKind, { describe: string; of: (aml: AmlWorkspace) => string | undefined }> = {
  blob: { describe: 'storage account', of: (aml) => aml.storageAccount },
  file: { describe: 'storage account', of: (aml) => aml.storageAccount },
  dfs: { describe: 'storage account', of: (aml) => aml.storageAccount },
  vault: { describe: 'key vault', of: (aml) => aml.keyVault },
  registry: { describe: 'container registry', of: (aml) => aml.containerRegistry },
};

const nameOf = lastSegment;

/** Evaluates one (dependency, kind): an Approved private endpoint for the group, approved on the target too when it is known. */
function checkKind(estate: Estate, aml: AmlWorkspace, kind: DependencyKind, path: SpecPath): Check {
  const dependencyId = DEPENDENCY[kind].of(aml);
  const describe = DEPENDENCY[kind].describe;
  const base = { kind, aml: aml.name, dependency: describe };
  if (!dependencyId) {
    return notApplicable(kind === 'registry' ? 'no-registry' : 'no-dependency', { resourceId: aml.id, path, data: base });
  }
  const data = { kind, aml: aml.name, dependency: `${describe} ${nameOf(dependencyId)}` };
  const endpoints = estate.privateEndpointsTo(dependencyId);
  if (!endpoints.ok) return unknown(endpoints.error, `the private endpoints of ${data.dependency}`, { resourceId: dependencyId, path, data });
  const target = estate.privateLinkTarget(dependencyId);
  if (!target.ok) return unknown(target.error, `the private endpoint connections of ${data.dependency}`, { resourceId: dependencyId, path, data });

  const candidates: Array<{ endpoint: PrivateEndpoint; status?: string }> = [];
  for (const endpoint of endpoints.value) {
    for (const c of endpoint.connections) {
      if (c.groupIds.some((g) => g === kind || g.toLowerCase() === kind) && sameId(c.privateLinkServiceId, dependencyId)) {
        candidates.push({ endpoint, status: c.status });
      }
    }
  }
  if (candidates.length === 0) {
    return fail('missing', { resourceId: dependencyId, path, data, expected: `an Approved private endpoint for groupId ${kind}`, actual: 'none' });
  }

  const problems: string[] = [];
  for (const { endpoint, status } of candidates) {
    const peName = nameOf(endpoint.id);
    if (!isApprovedStatus(status)) {
      problems.push(`${peName} is ${status ?? 'without status'}`);
      continue;
    }
    if (target.value) {
      const entry = target.value.privateEndpointConnections.find((c) => sameId(c.privateEndpointId, endpoint.id));
      if (!entry) {
        problems.push(`${peName} is not listed among the ${describe}'s private endpoint connections`);
        continue;
      }
      if (!isApprovedStatus(entry.status)) {
        problems.push(`${peName} is ${entry.status ?? 'without status'} on the ${describe}`);
        continue;
      }
    }
    return pass('approved', { resourceId: dependencyId, path, data: { endpoint: peName, ...data } });
  }
  return fail('not-approved', {
    resourceId: dependencyId,
    path,
    data: { problems: problems.join('; '), ...data },
    expected: `an Approved private endpoint for groupId ${kind}`,
    actual: problems.join('; '),
  });
}

const rule: Rule = {
  meta: {
    id: 'SA010',
    name: 'aml-dependencies-private',
    title: "The AML workspace's storage, key vault and container registry must have approved private endpoints",
    severity: 'error',
    resourceTypes: [
      'microsoft.machinelearningservices/workspaces',
      'microsoft.storage/storageaccounts',
      'microsoft.keyvault/vaults',
      'microsoft.containerregistry/registries',
      'microsoft.network/privateendpoints',
    ],
    dataSources: ['resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'The secure integration needs an AML workspace whose dependency services also have private endpoint connections to the ' +
      'virtual network: the storage account (three private endpoints: blob, file and dfs), the key vault (vault) and the ' +
      'container registry (registry). A dependency reachable only publicly, or through a private endpoint that is not ' +
      'Approved, breaks the private path. The kinds checked are machineLearning.dependencyPrivateEndpoints when declared, ' +
      'otherwise all five when the AML workspace is private. A workspace without a container registry is not checked for ' +
      'registry: AML creates the registry on first use. When the dependency itself is in the audited estate, its own ' +
      'private endpoint connection must be Approved too.',
    remediation:
      'Create the missing private endpoint in the AML workspace\'s virtual network, for example ' +
      '`az network private-endpoint create -g <rg> -n <name> --vnet-name <vnet> --subnet <subnet> ' +
      '--private-connection-resource-id <dependency ID> --group-id <blob|file|dfs|vault|registry> --connection-name <name>` ' +
      '(with its private DNS zone), and approve pending connections on the dependency: Azure portal > the resource > Networking ' +
      '> Private endpoint connections > Approve, or `az network private-endpoint-connection approve --id <connection ID>`. ' +
      'The Bicep / Terraform "secure workspace" templates create all five.',
    docs: [DOCS.privateEndpointIntegration],
    messages: {
      ...COMMON_MESSAGES,
      'aml-missing': 'AML workspace {{aml}} was not found (see SA016).',
      'not-private': 'AML workspace {{aml}} allows public network access and no dependencyPrivateEndpoints are declared: its dependencies are not checked.',
      'none-declared': 'dependencyPrivateEndpoints is declared empty: no dependency of AML workspace {{aml}} is checked.',
      'no-registry': 'AML workspace {{aml}} has no container registry yet (AML creates one on first use): nothing to check for registry.',
      'no-dependency': 'AML workspace {{aml}} names no {{dependency}}: nothing to check for {{kind}}.',
      missing: 'The {{dependency}} of AML workspace {{aml}} has no private endpoint for {{kind}}.',
      'not-approved': 'The {{dependency}} of AML workspace {{aml}} has no Approved private endpoint for {{kind}}: {{problems}}.',
      approved: 'The {{dependency}} of AML workspace {{aml}} has an Approved private endpoint for {{kind}} ({{endpoint}}).',
    },
  },
  checkEstate({ integration, estate }) {
    const amlId = integration.machineLearning.workspaceId;
    const declared = integration.machineLearning.dependencyPrivateEndpoints;
    const read = estate.amlWorkspace(amlId);
    const wsPath = declared ? ['machineLearning', 'dependencyPrivateEndpoints'] : ['machineLearning'];
    if (!read.ok) return [unknown(read.error, 'the AML workspace', { resourceId: amlId, path: wsPath })];
    if (!read.value) return [notApplicable('aml-missing', { resourceId: amlId, path: wsPath, data: { aml: amlId } })];
    const aml = read.value;

    if (declared === undefined) {
      if (aml.publicNetworkAccess?.toLowerCase() !== 'disabled') {
        return [notApplicable('not-private', { resourceId: aml.id, path: ['machineLearning'], data: { aml: aml.name } })];
      }
      return ALL_KINDS.map((kind) => checkKind(estate, aml, kind, ['machineLearning']));
    }
    if (declared.length === 0) {
      return [notApplicable('none-declared', { resourceId: aml.id, path: wsPath, data: { aml: aml.name } })];
    }
    const seen = new Set<string>();
    const checks: Check[] = [];
    declared.forEach((kind, index) => {
      const k = kind.toLowerCase() as DependencyKind;
      if (seen.has(k) || !(k in DEPENDENCY)) return;
      seen.add(k);
      checks.push(checkKind(estate, aml, k, ['machineLearning', 'dependencyPrivateEndpoints', index]));
    });
    return checks;
  },
};

export default rule;

// SA021: serverless Spark on an AML workspace with an isolated managed network needs the network provisioned for Spark
// and its storage private-endpoint outbound rules Spark-enabled.
import { lastSegment, parseArmId } from '../src/azure/ids.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { AmlOutboundRule } from '../src/estate/model.js';
import { DOCS } from './docs.js';

const ISOLATED = ['allowinternetoutbound', 'allowonlyapprovedoutbound'];
const PATH = ['machineLearning', 'serverlessSpark'];

/** A private-endpoint outbound rule to a storage account (what serverless Spark reads data through). */
function isStorageRule(rule: AmlOutboundRule): boolean {
  if (rule.type?.toLowerCase() !== 'privateendpoint' || rule.serviceResourceId === undefined) return false;
  return parseArmId(rule.serviceResourceId)?.type?.toLowerCase() === 'microsoft.storage/storageaccounts';
}

const rule: Rule = {
  meta: {
    id: 'SA021',
    name: 'serverless-spark-managed-network',
    title: 'Serverless Spark needs the AML managed network provisioned for Spark, with Spark-enabled storage rules',
    severity: 'error',
    resourceTypes: ['microsoft.machinelearningservices/workspaces'],
    dataSources: ['resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'AML serverless Spark compute supports the workspace managed virtual network, but only when the network was provisioned ' +
      'for Spark (`az ml workspace provision-network --include-spark`; the workspace then reports ' +
      '`properties.managedNetwork.status.sparkReady: true`) and when the private-endpoint outbound rules to the storage ' +
      'accounts the jobs read and write have `destination.sparkEnabled: true` (Workspace Managed Virtual Network Isolation, ' +
      '"Configure for serverless Spark jobs"; Submit Spark jobs in Azure Machine Learning). Otherwise serverless Spark ' +
      'sessions and jobs cannot start or cannot reach their data. The rule applies when the spec says `serverlessSpark: true` ' +
      'and the AML workspace\'s managed network is isolated (AllowInternetOutbound or AllowOnlyApprovedOutbound). With ' +
      'AllowOnlyApprovedOutbound, conda packages listed in a Spark session configuration also fail to install (no route ' +
      'to the package index): the passing message says so.',
    remediation:
      'Provision the managed network for Spark: `az ml workspace provision-network --name <aml workspace> --resource-group <rg> ' +
      '--include-spark`. Mark each storage private-endpoint rule for Spark: set `spark_enabled: true` on the rule\'s ' +
      '`destination` under `managed_network.outbound_rules` in the workspace YAML and apply it with `az ml workspace update ' +
      '--name <aml workspace> --resource-group <rg> --file <workspace>.yaml`.',
    docs: [DOCS.managedNetwork, DOCS.submitSparkJobs, DOCS.sparkInAzureMl],
    messages: {
      ...COMMON_MESSAGES,
      'not-declared': 'The spec does not declare serverlessSpark: true for AML workspace {{aml}}.',
      'aml-missing': 'AML workspace {{aml}} was not found (see SA016).',
      'not-isolated': 'AML workspace {{aml}} has no isolated managed network ({{mode}}): serverless Spark needs no network provisioning.',
      ready:
        'The managed network of AML workspace {{aml}} ({{mode}}) is provisioned for Spark and its {{rules}} storage private-endpoint rule(s) are Spark-enabled.{{note}}',
      'not-spark-ready':
        'The managed network of AML workspace {{aml}} ({{mode}}) is not provisioned for Spark (status.sparkReady is {{actual}}): serverless Spark jobs cannot run in it.',
      'rule-not-spark-enabled':
        'Outbound rule {{rule}} of AML workspace {{aml}} (private endpoint to {{target}}, {{subresource}}) is not Spark-enabled (destination.sparkEnabled is {{actual}}): serverless Spark cannot reach that storage.',
    },
  },
  checkEstate({ integration, estate }) {
    const amlId = integration.machineLearning.workspaceId;
    const aml = lastSegment(amlId);
    if (integration.machineLearning.serverlessSpark !== true) {
      return [notApplicable('not-declared', { resourceId: amlId, path: ['machineLearning', 'workspaceId'], data: { aml } })];
    }
    const read = estate.amlWorkspace(amlId);
    if (!read.ok) return [unknown(read.error, 'the AML workspace', { resourceId: amlId, path: PATH })];
    if (!read.value) return [notApplicable('aml-missing', { resourceId: amlId, path: PATH, data: { aml } })];
    const ws = read.value;
    const network = ws.managedNetwork;
    const mode = network?.isolationMode ?? 'Disabled (no managedNetwork)';
    if (!network || !ISOLATED.includes((network.isolationMode ?? '').toLowerCase())) {
      return [notApplicable('not-isolated', { resourceId: ws.id, path: PATH, data: { aml: ws.name, mode } })];
    }
    const checks: Check[] = [];
    if (network.sparkReady !== true) {
      const actual = network.sparkReady === undefined ? 'not reported' : String(network.sparkReady);
      checks.push(fail('not-spark-ready', { resourceId: ws.id, path: PATH, data: { aml: ws.name, mode, actual }, expected: 'status.sparkReady true', actual }));
    }
    const storageRules = network.outboundRules.filter(isStorageRule);
    for (const r of storageRules) {
      if (r.sparkEnabled === true) continue;
      const actual = r.sparkEnabled === undefined ? 'not set' : String(r.sparkEnabled);
      checks.push(
        fail('rule-not-spark-enabled', {
          resourceId: ws.id,
          path: PATH,
          key: r.name,
          data: { aml: ws.name, rule: r.name, target: lastSegment(r.serviceResourceId ?? ''), subresource: r.subresourceTarget ?? 'no subresource', actual },
          expected: 'destination.sparkEnabled true',
          actual,
        }),
      );
    }
    if (checks.length > 0) return checks;
    const note =
      (network.isolationMode ?? '').toLowerCase() === 'allowonlyapprovedoutbound'
        ? ' With AllowOnlyApprovedOutbound, conda packages in a Spark session configuration fail to install.'
        : '';
    return [pass('ready', { resourceId: ws.id, path: PATH, data: { aml: ws.name, mode, rules: storageRules.length, note } })];
  },
};

export default rule;

// SA003: Spark 3.3 and 3.4 runtimes cannot use the AML linked service to authenticate to the AML MLflow tracking URI.
import { amlLinkedServicesOf } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass } from '../src/engine/outcomes.js';
import {
  checkLivePools,
  LIVE_POOL_MESSAGES,
  compareSparkVersions,
  declaredPoolTargets,
  formatSparkVersion,
  parseSparkVersion,
  poolPath,
  type PoolTarget,
  type SparkVersion,
} from '../src/engine/spark-runtimes.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { Estate } from '../src/estate/model.js';
import type { IntegrationSpec } from '../src/spec/types.js';
import { DOCS } from './docs.js';

/** The runtimes the quickstart names: they cannot authenticate to the MLflow tracking URI with the linked service. */
const AFFECTED = [
  { major: 3, minor: 3 },
  { major: 3, minor: 4 },
] as const;

/**
 * In `check-template`: the template deploys no AzureMLService linked service for the integration (a common published
 * workspace template has Spark pools and none). Then an undeclared `mlflowTracking` is not a warning: the template
 * adds no linked service a pool could rely on, and whether one made elsewhere is used cannot be known from it.
 */
function templateWithoutLinkedService(integration: IntegrationSpec, estate: Estate): boolean {
  if (estate.origin !== 'template' || integration.linkedService) return false;
  const ws = estate.synapseWorkspace(integration.synapse.workspaceId);
  if (!ws.ok || !ws.value) return false;
  const all = estate.synapseLinkedServices(ws.value.id);
  return all.ok && amlLinkedServicesOf(all.value, integration).length === 0;
}

/** Is a runtime one of the AFFECTED ones? */
function isAffected(parsed: SparkVersion | undefined): parsed is SparkVersion {
  return parsed !== undefined && AFFECTED.some((v) => compareSparkVersions(v, parsed) === 0);
}

function evaluate(target: PoolTarget, where: string, noLinkedServiceInTemplate = false): Check {
  const { resourceId } = target;
  const base = { pool: target.name, where };
  if (target.sparkVersion === undefined) {
    return notApplicable('no-version', { resourceId, path: poolPath(target, 'sparkVersion'), data: base });
  }
  const data = { version: target.sparkVersion, ...base };
  const parsed = parseSparkVersion(target.sparkVersion);
  if (!isAffected(parsed)) {
    const older = parsed !== undefined && compareSparkVersions(parsed, AFFECTED[0]) < 0;
    return pass(older ? 'older-runtime' : 'unaffected', { resourceId, path: poolPath(target, 'sparkVersion'), data });
  }
  const runtime = formatSparkVersion(parsed);
  const tracking = target.declared?.pool.mlflowTracking;
  const runtimeData = { runtime, ...data };
  if (tracking === 'linkedService') {
    return fail('linked-service', {
      resourceId,
      path: poolPath(target, 'mlflowTracking'),
      data: runtimeData,
      expected: 'mlflowTracking: servicePrincipal or none (or Spark 3.5)',
      actual: `mlflowTracking: linkedService on Spark ${runtime}`,
    });
  }
  if (tracking === undefined && noLinkedServiceInTemplate) {
    return notApplicable('template-no-linked-service', { resourceId, path: poolPath(target, 'mlflowTracking'), data: runtimeData });
  }
  if (tracking === undefined) {
    return fail('undeclared', {
      severity: 'warning',
      resourceId,
      path: poolPath(target, 'mlflowTracking'),
      data: runtimeData,
      expected: 'mlflowTracking declared (servicePrincipal or none)',
      actual: 'mlflowTracking not declared',
    });
  }
  return pass('other-auth', { resourceId, path: poolPath(target, 'mlflowTracking'), data: { tracking, ...runtimeData } });
}

const rule: Rule = {
  meta: {
    id: 'SA003',
    name: 'mlflow-auth-unsupported-on-runtime',
    title: 'Pools on Spark 3.3/3.4 must not use the AML linked service for MLflow tracking',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.synapse/workspaces/bigdatapools'],
    dataSources: ['resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'The Azure Synapse Spark 3.3 and 3.4 runtimes do not support using the Azure Machine Learning linked service to authenticate to ' +
      'the AML MLflow tracking URI: notebooks on such a pool that log to MLflow through the linked service fail. A pool on 3.3/3.4 ' +
      'whose declared `mlflowTracking` is `linkedService` fails; one that does not declare `mlflowTracking` fails as a warning (it may ' +
      'rely on the linked service), except in `check-template` on a template that deploys no AzureMLService linked service, where ' +
      'it is not applicable and says what the template cannot tell; `servicePrincipal` or `none` passes. Other runtimes pass here; runtimes older than 3.3 are ' +
      'disabled, which SA013 reports. ' +
      'Which pools: `validate` evaluates every declared pool with a declared `sparkVersion`. `audit` evaluates every live pool of the ' +
      'workspace on its live `sparkVersion`, matched to its declaration by name (case-insensitive) for `mlflowTracking`: only a pool ' +
      'that was read can pass, and when the pools cannot be read the outcome is unknown. A declared pool on 3.3/3.4 with ' +
      '`mlflowTracking: linkedService` still fails in an audit whatever the live runtime (the spec itself is wrong), once: not again ' +
      'when the live pool fails the same way.',
    remediation:
      'Either move the workload to Spark 3.5 (update the pool with Azure PowerShell ' +
      '`Update-AzSynapseSparkPool -WorkspaceName <workspace> -Name <pool> -SparkVersion 3.5` after testing the notebooks on 3.5, or ' +
      'create a 3.5 pool in Synapse Studio > Manage > Apache Spark pools > + New, or with ' +
      '`az synapse spark pool create --workspace-name <workspace> --resource-group <rg> --name <pool> --spark-version 3.5 ...`), or ' +
      'authenticate to the MLflow tracking URI with a service principal instead of the linked service (set the AZURE_CLIENT_ID / ' +
      'AZURE_TENANT_ID / AZURE_CLIENT_SECRET environment for azureml-mlflow, the secret read from Key Vault) and declare ' +
      '`mlflowTracking: servicePrincipal` on the pool in the spec (or `none` if the pool does not use MLflow).',
    docs: [DOCS.quickstart],
    messages: {
      ...COMMON_MESSAGES,
      'linked-service':
        'Spark pool {{pool}} ({{where}}) runs Apache Spark {{runtime}} and declares mlflowTracking: linkedService; Spark 3.3 and 3.4 cannot use the AML linked service to authenticate to the MLflow tracking URI.',
      undeclared:
        'Spark pool {{pool}} ({{where}}) runs Apache Spark {{runtime}} and does not declare mlflowTracking: it may rely on the AML linked service for MLflow tracking, which Spark 3.3 and 3.4 do not support. Declare mlflowTracking (servicePrincipal or none) for the pool.',
      'template-no-linked-service':
        'Spark pool {{pool}} ({{where}}) runs Apache Spark {{runtime}}, on which the AML linked service cannot authenticate to the MLflow tracking URI. The template deploys no AzureMLService linked service, so it adds none this pool could rely on; whether notebooks on the pool use one created elsewhere cannot be known from the template (check it with `synaml audit`, or declare the pool\'s mlflowTracking in a spec and pass --spec).',
      'other-auth': 'Spark pool {{pool}} ({{where}}) runs Apache Spark {{runtime}} and uses mlflowTracking: {{tracking}}, not the linked service.',
      unaffected: 'Spark pool {{pool}} ({{where}}) runs Apache Spark {{version}}, which is not affected by the 3.3/3.4 MLflow limitation.',
      'older-runtime':
        'Spark pool {{pool}} ({{where}}) runs Apache Spark {{version}}, which is not affected by the 3.3/3.4 MLflow limitation; runtimes older than 3.3 are disabled (see SA013).',
      'no-version': 'Spark pool {{pool}} ({{where}}) reports no Spark version; its runtime cannot be judged.',
      ...LIVE_POOL_MESSAGES,
    },
  },
  checkSpec({ integration, failuresOnly }) {
    const targets = declaredPoolTargets(integration);
    if (!failuresOnly) return targets.map((t) => evaluate(t, 'declared in the spec'));
    // Only a pool on an affected runtime can fail.
    return targets.flatMap((t) => {
      if (!isAffected(parseSparkVersion(t.sparkVersion))) return [];
      const check = evaluate(t, 'declared in the spec');
      return check.outcome === 'fail' ? [check] : [];
    });
  },
  checkEstate({ integration, estate }) {
    const noLinkedService = templateWithoutLinkedService(integration, estate);
    return checkLivePools(integration, estate, (t, where) => evaluate(t, where, noLinkedService));
  },
};

export default rule;

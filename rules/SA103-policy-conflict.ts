// SA103: an Azure Policy assignment over an integrated workspace whose effective effect contradicts a documented
// constraint of the integration (or a setting the spec declares), e.g. Azure Landing Zones' Enforce-Guardrails-Synapse
// denying Synapse workspaces without data exfiltration protection, which the AML linked service does not support.
import { lastSegment } from '../src/azure/ids.js';
import { POLICY_CATALOGUE_DATE, type CataloguedPolicy } from '../src/azure/policy-catalogue.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import { describePolicyScope, isDisabledEffect, isEnforcingEffect, policyHits, type PolicyHit, type PolicyTarget } from '../src/engine/policy-effects.js';
import type { Check, DocReference, Rule } from '../src/engine/types.js';
import type { Estate, SnapshotError } from '../src/estate/model.js';
import { RESOURCE_TYPES } from '../src/azure/resource-types.js';
import type { IntegrationSpec, SpecPath } from '../src/spec/types.js';
import { DOCS } from './docs.js';

const POLICY_DOCS = {
  assignmentStructure: {
    title: 'Azure Policy assignment structure (parameters, overrides, resource selectors, enforcement mode, excluded scopes)',
    url: 'https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure',
    date: '2024-09-05',
  },
  exemptionStructure: {
    title: 'Azure Policy exemption structure (category, expiration, policyDefinitionReferenceIds)',
    url: 'https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure',
    date: '2021-08-17',
  },
  builtIns: {
    title: `Azure Policy built-in definitions for Azure Synapse Analytics and Azure Machine Learning (synaml's catalogue checked ${POLICY_CATALOGUE_DATE})`,
    url: 'https://learn.microsoft.com/azure/governance/policy/samples/built-in-policies',
    date: POLICY_CATALOGUE_DATE,
  },
} as const satisfies Record<string, DocReference>;

/** Why a catalogued policy contradicts this integration, with the spec path it concerns; undefined when it does not. */
function conflictOf(policy: CataloguedPolicy, integration: IntegrationSpec): { why: string; path: SpecPath } | undefined {
  const syn = integration.synapse;
  const ml = integration.machineLearning;
  switch (policy.conflict) {
    case 'forces-exfiltration-protection':
      return {
        why: 'it forces data exfiltration protection, and the Azure Machine Learning linked service is not supported on a Synapse workspace with data exfiltration protection (see SA001)',
        path: ['synapse', 'workspaceId'],
      };
    case 'forbids-synapse-public-network': {
      // Attached Synapse Spark pools (AML computes) need public network access on the workspace (AML's attach doc).
      const attached = (ml as unknown as Record<string, unknown>)['attachedSparkPools'];
      if (Array.isArray(attached) && attached.length > 0) {
        return { why: 'Spark jobs on an attached Synapse Spark pool need public network access enabled on the Synapse workspace', path: ['machineLearning', 'attachedSparkPools'] };
      }
      if (syn.publicNetworkAccess?.toLowerCase() === 'enabled') {
        return { why: 'the spec declares synapse.publicNetworkAccess: Enabled', path: ['synapse', 'publicNetworkAccess'] };
      }
      return undefined;
    }
    case 'requires-synapse-managed-vnet':
      return syn.managedVirtualNetwork === false ? { why: 'the spec declares synapse.managedVirtualNetwork: false', path: ['synapse', 'managedVirtualNetwork'] } : undefined;
    case 'forbids-aml-public-network':
      return ml.publicNetworkAccess?.toLowerCase() === 'enabled'
        ? { why: 'the spec declares machineLearning.publicNetworkAccess: Enabled', path: ['machineLearning', 'publicNetworkAccess'] }
        : undefined;
    default:
      return undefined;
  }
}

/** The `az policy exemption create` command that exempts the workspace from this assignment (or initiative member). */
function exemptionCommand(hit: PolicyHit, resourceId: string): string {
  const name = `synaml-${lastSegment(resourceId)}-${hit.assignment.name}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
  const refs = hit.referenceId ? ` --policy-definition-reference-ids ${hit.referenceId}` : '';
  return `az policy exemption create --name ${name} --policy-assignment "${hit.assignment.id}" --scope "${resourceId}" --exemption-category Waiver --expires-on <yyyy-MM-ddTHH:mm:ssZ>${refs}`;
}

function target(estate: Estate, id: string, type: string): PolicyTarget {
  const read = type === RESOURCE_TYPES.synapseWorkspace ? estate.synapseWorkspace(id) : estate.amlWorkspace(id);
  return { id, type, ...(read.ok && read.value?.location ? { location: read.value.location } : {}) };
}

function undecided(hit: PolicyHit, why: string): SnapshotError {
  return { source: 'resourceGraph.policyresources', scope: hit.assignment.id, code: 'Undecidable', message: why };
}

function checksFor(hit: PolicyHit, conflict: { why: string; path: SpecPath }, resource: string, resourceId: string): Check {
  const a = hit.assignment;
  const key = `${a.id.toLowerCase()}#${(hit.referenceId ?? '').toLowerCase()}`;
  const base = { resourceId, path: conflict.path, key };
  const data = {
    assignment: a.displayName && a.displayName !== a.name ? `${a.displayName} (${a.name})` : a.name,
    scope: describePolicyScope(a.scope),
    assignedBy: a.assignedBy ?? 'an unrecorded principal (no metadata.assignedBy)',
    policy: hit.policy.displayName,
    guid: hit.policy.guid,
    via: hit.initiative ? ` through initiative ${hit.initiative}${hit.referenceId ? ` (${hit.referenceId})` : ''}` : '',
    resource,
  };
  if (!hit.applies.ok) return unknown(undecided(hit, hit.applies.why), `whether assignment ${data.assignment} applies to ${resource}`, base);
  if (hit.applies.value !== true) return pass('excluded', { ...base, data: { ...data, excludedBy: hit.applies.value.excludedBy } });
  if (!hit.effect.ok) return unknown(undecided(hit, hit.effect.why), `the effect assignment ${data.assignment} gives "${hit.policy.displayName}"`, base);
  const { value: effect, from } = hit.effect.value;
  if (isDisabledEffect(effect)) return pass('disabled', { ...base, data: { ...data, from } });
  const mode = a.enforcementMode.toLowerCase() === 'donotenforce' ? 'DoNotEnforce' : 'Default';
  if (hit.exemption) {
    const e = hit.exemption;
    return pass('exempted', {
      ...base,
      data: { ...data, effect, exemption: e.displayName && e.displayName !== e.name ? `${e.displayName} (${e.name})` : e.name, category: e.category ?? 'Waiver', expires: e.expiresOn ? `expires ${e.expiresOn}` : 'no expiry' },
    });
  }
  const expired = hit.expired.length ? ` Exemption ${hit.expired.map((e) => `${e.name} expired on ${e.expiresOn}`).join(', ')}: no longer honoured.` : '';
  const enforcing = isEnforcingEffect(effect) && mode === 'Default';
  return fail('conflict', {
    ...base,
    severity: enforcing ? 'error' : 'warning',
    data: {
      ...data,
      effect,
      from,
      mode: mode === 'DoNotEnforce' ? ', enforcementMode DoNotEnforce (reported, not enforced)' : enforcing ? ', enforced' : ', reported as non-compliant',
      conflict: conflict.why,
      expired,
      command: exemptionCommand(hit, resourceId),
    },
    expected: `no assignment of "${hit.policy.displayName}" over ${resource} with an effect other than Disabled, or a current exemption`,
    actual: `effect ${effect} (from ${from}), enforcementMode ${mode}`,
  });
}

const rule: Rule = {
  meta: {
    id: 'SA103',
    name: 'policy-conflict',
    title: 'No Azure Policy assignment may contradict a documented constraint of the integration',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.machinelearningservices/workspaces', 'microsoft.authorization/policyassignments'],
    dataSources: ['resourceGraph.policyresources', 'resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'Landing zones assign built-in policies that can make the integration impossible. "Azure Synapse workspaces should allow outbound ' +
      'data traffic only to approved targets" (3484ce98-c0c5-4c83-994b-c5ac24785218) forces data exfiltration protection, which the ' +
      'AML linked service does not support; the Azure Landing Zones initiative Enforce-Guardrails-Synapse assigns it with Deny by ' +
      'default. Others contradict a setting the spec declares: Synapse or AML public network access disabled (or attached Synapse ' +
      'Spark pools, which need public network access on the Synapse workspace), or a Synapse managed virtual network. For each ' +
      'assignment over a workspace (management groups included), the effective effect is resolved as Azure Policy does: the ' +
      "assignment's parameter, else the initiative's, else the definition's defaultValue; `overrides` replace it; `notScopes` and " +
      '`resourceSelectors` decide whether it applies. Deny (or Modify) with enforcementMode Default is an error; Audit, or ' +
      'DoNotEnforce, a warning; a current Waiver or Mitigated exemption (not past `expiresOn`) makes it pass and is named. Built-in ' +
      "definitions are read from Resource Graph, or from synaml's dated catalogue when their rows are not readable.",
    remediation:
      'Ask the policy owner (the message names who assigned it) to exempt the workspace, with an expiry: ' +
      '`az policy exemption create --name <name> --policy-assignment <assignment ID> --scope <workspace ID> --exemption-category Waiver ' +
      '--expires-on <yyyy-MM-ddTHH:mm:ssZ> [--policy-definition-reference-ids <reference ID in the initiative>]` (the message gives the command ' +
      'for each finding); or set the effect parameter to Audit or Disabled on that assignment; or change the spec if it declares a ' +
      'setting the platform forbids. Creating an exemption needs Microsoft.Authorization/policyExemptions/write on the workspace and ' +
      'the exempt action on the assignment.',
    docs: [DOCS.quickstart, POLICY_DOCS.assignmentStructure, POLICY_DOCS.exemptionStructure, POLICY_DOCS.builtIns],
    messages: {
      ...COMMON_MESSAGES,
      conflict:
        'Azure Policy assignment {{assignment}} at {{scope}}, assigned by {{assignedBy}}, applies "{{policy}}" ({{guid}}){{via}} to {{resource}} ' +
        'with effect {{effect}} (from {{from}}){{mode}}: {{conflict}}.{{expired}} To exempt the workspace: {{command}}',
      exempted:
        'Azure Policy assignment {{assignment}} at {{scope}}, assigned by {{assignedBy}}, applies "{{policy}}"{{via}} to {{resource}} with effect ' +
        '{{effect}}, but exemption {{exemption}} ({{category}}, {{expires}}) exempts it.',
      disabled: 'Azure Policy assignment {{assignment}} at {{scope}} applies "{{policy}}"{{via}} to {{resource}} with effect Disabled (from {{from}}).',
      excluded: 'Azure Policy assignment {{assignment}} at {{scope}} ("{{policy}}"{{via}}) does not apply to {{resource}}: excluded by {{excludedBy}}.',
      none: 'No Azure Policy assignment over {{resource}} applies a built-in that contradicts this integration.',
      'not-recorded': 'Azure Policy was not recorded for {{resource}} (a snapshot taken before synaml read policyresources, or a deployment template).',
      'not-available': 'Azure Policy data is not available in this cloud ({{message}}).',
    },
  },
  checkEstate({ integration, estate, now }) {
    const checks: Check[] = [];
    const workspaces = [
      { id: integration.synapse.workspaceId, type: RESOURCE_TYPES.synapseWorkspace, resource: `Synapse workspace ${lastSegment(integration.synapse.workspaceId)}`, path: ['synapse', 'workspaceId'] },
      { id: integration.machineLearning.workspaceId, type: RESOURCE_TYPES.amlWorkspace, resource: `AML workspace ${lastSegment(integration.machineLearning.workspaceId)}`, path: ['machineLearning', 'workspaceId'] },
    ];
    for (const ws of workspaces) {
      const read = estate.policyFor?.(ws.id) ?? { kind: 'not-recorded' as const };
      const base = { resourceId: ws.id, path: ws.path };
      if (read.kind === 'not-recorded') {
        checks.push(notApplicable('not-recorded', { ...base, data: { resource: ws.resource } }));
        continue;
      }
      if (read.kind === 'not-available') {
        checks.push(notApplicable('not-available', { ...base, data: { message: read.message } }));
        continue;
      }
      if (read.kind === 'unreadable') {
        checks.push(unknown(read.error, `Azure Policy assignments over ${ws.resource}`, base));
        continue;
      }
      const { hits, unread } = policyHits(read.value, target(estate, ws.id, ws.type), now);
      const before = checks.length;
      for (const hit of hits) {
        const conflict = conflictOf(hit.policy, integration);
        if (conflict) checks.push(checksFor(hit, conflict, ws.resource, ws.id));
      }
      for (const u of unread) {
        const error: SnapshotError = {
          source: 'resourceGraph.policyresources',
          scope: u.assignment.id,
          code: 'InitiativeNotRead',
          message: `Resource Graph returned no row for initiative ${u.initiativeId}`,
          missing: `Microsoft.Authorization/policySetDefinitions/read at ${describePolicyScope(u.initiativeId.replace(/\/providers\/microsoft\.authorization\/.*$/i, '') || '/')}`,
        };
        checks.push(unknown(error, `initiative ${lastSegment(u.initiativeId)} of assignment ${u.assignment.name}`, { ...base, key: u.assignment.id.toLowerCase() }));
      }
      if (checks.length === before) checks.push(pass('none', { ...base, data: { resource: ws.resource } }));
    }
    return checks;
  },
};

export default rule;

import rule from '../../rules/SA103-policy-conflict.js';
import type { RawPayload } from '../../src/estate/snapshot.js';
import { SUB, type SnapshotBuilder } from '../support/payloads.js';
import {
  ALZ_SYNAPSE_SET,
  MG_ALZ,
  POLICY,
  alzSynapseInitiativeRow,
  assignmentRow,
  builtInDefinitionRow,
  builtInId,
  exemptionRow,
  mgScope,
  type AssignmentOptions,
} from '../support/policy-payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { SYNAPSE_ID } from '../support/scenario.js';

const ALZ_ASSIGNMENT = `${mgScope(MG_ALZ)}/providers/Microsoft.Authorization/policyAssignments/Enforce-GR-Synapse`;
const SUB_SCOPE = `/subscriptions/${SUB}`;

/** The subscription sits under the ALZ landing-zones management group (resourcecontainers ancestry). */
function underAlz(b: SnapshotBuilder): void {
  b.resourcecontainers.push({
    id: SUB_SCOPE,
    name: 'analytics-prod',
    type: 'microsoft.resources/subscriptions',
    subscriptionId: SUB,
    properties: { managementGroupAncestorsChain: [{ name: MG_ALZ }, { name: 'alz' }] },
  });
}

/** ALZ's Synapse guardrails assigned at the landing-zones management group, with its definitions readable. */
function alz(o: AssignmentOptions = {}, extra: RawPayload[] = [], defaults: Parameters<typeof alzSynapseInitiativeRow>[0] = {}) {
  return (b: SnapshotBuilder) => {
    underAlz(b);
    b.policy(
      assignmentRow(mgScope(MG_ALZ), 'Enforce-GR-Synapse', ALZ_SYNAPSE_SET, { displayName: 'Enforce recommended guardrails for Synapse', ...o }),
      alzSynapseInitiativeRow(defaults),
      builtInDefinitionRow(POLICY.exfiltration),
      builtInDefinitionRow(POLICY.synapseManagedVnet),
      builtInDefinitionRow(POLICY.synapseTenants),
      ...extra,
    );
  };
}

/** One built-in assigned directly at the subscription. */
function direct(guid: string, o: AssignmentOptions = {}, withDefinition = true) {
  return (b: SnapshotBuilder) => {
    b.policy(assignmentRow(SUB_SCOPE, `direct-${guid.slice(0, 8)}`, builtInId(guid), o), ...(withDefinition ? [builtInDefinitionRow(guid)] : []));
  };
}

const exemption = (o: Parameters<typeof exemptionRow>[3]) => exemptionRow(SYNAPSE_ID, 'aml-integration', ALZ_ASSIGNMENT, o);

describeRule(rule, {
  pass: [
    {
      name: 'Azure Policy recorded, no assignment over either workspace',
      expect: [
        { outcome: 'pass', messageId: 'none', resource: 'syn-prod' },
        { outcome: 'pass', messageId: 'none', resource: 'aml-prod' },
      ],
      exactly: true,
    },
    {
      name: 'a current exemption on the workspace for the member makes it pass, naming the exemption and its expiry',
      estate: alz({}, [exemption({ referenceIds: ['Deny-Synapse-Data-Traffic'], expiresOn: '2027-03-31T00:00:00Z' })]),
      expect: [{ outcome: 'pass', messageId: 'exempted', message: 'exemption aml-integration (Waiver, expires 2027-03-31T00:00:00Z)' }],
    },
    {
      name: 'exemption category compared case-insensitively ("mitigated"), no expiry, every member',
      estate: alz({}, [exemption({ category: 'mitigated' })]),
      expect: [{ outcome: 'pass', messageId: 'exempted', message: '(mitigated, no expiry)' }],
    },
    {
      name: 'the assignment parameter sets the member Disabled',
      estate: alz({ parameters: { synapseDataTraffic: 'Disabled' } }),
      expect: [{ outcome: 'pass', messageId: 'disabled', message: `from the assignment's parameter "synapseDataTraffic"` }],
    },
    {
      name: 'an override sets the member Disabled (case-insensitive)',
      estate: alz({ overrides: [{ kind: 'policyEffect', value: 'disabled', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['Deny-Synapse-Data-Traffic'] }] }] }),
      expect: [{ outcome: 'pass', messageId: 'disabled', message: 'from an override on the assignment' }],
    },
    {
      name: 'notScopes excludes the workspace resource group',
      estate: alz({ notScopes: [`/subscriptions/${SUB}/resourceGroups/rg-analytics`] }),
      expect: [{ outcome: 'pass', messageId: 'excluded', message: 'excluded by notScopes' }],
    },
    {
      name: 'resource selectors for another region leave the workspace out',
      estate: alz({ resourceSelectors: [{ name: 'SDPRegions', selectors: [{ kind: 'resourceLocation', in: ['westus', 'centralus'] }] }] }),
      expect: [{ outcome: 'pass', messageId: 'excluded', message: 'excluded by resourceSelectors' }],
    },
    {
      name: 'a management-group assignment at a group the subscription is not under does not apply',
      estate: (b) => {
        underAlz(b);
        b.policy(assignmentRow(mgScope('sandbox'), 'sandbox', builtInId(POLICY.exfiltration), { parameters: { effect: 'Deny' } }), builtInDefinitionRow(POLICY.exfiltration));
      },
      expect: [{ outcome: 'pass', messageId: 'none', resource: 'syn-prod' }],
    },
    {
      name: 'AML public network access disabled by policy while the spec does not declare it Enabled: no conflict',
      estate: direct(POLICY.amlPublicNetwork, { parameters: { effect: 'Deny' } }),
      expect: [{ outcome: 'pass', messageId: 'none', resource: 'aml-prod' }],
    },
  ],
  fail: [
    {
      name: 'a management-group assignment (ALZ Enforce-Guardrails-Synapse) seen from the subscription: Deny by the initiative default, enforced',
      estate: alz(),
      expect: [
        {
          outcome: 'fail',
          messageId: 'conflict',
          severity: 'error',
          resource: 'syn-prod',
          path: ['synapse', 'workspaceId'],
          message: `at management group ${MG_ALZ}, assigned by Cloud Center of Excellence, applies "Azure Synapse workspaces should allow outbound data traffic only to approved targets" (${POLICY.exfiltration}) through initiative Enforce recommended guardrails for Synapse workspaces (Deny-Synapse-Data-Traffic)`,
        },
        { outcome: 'fail', messageId: 'conflict', message: `with effect Deny (from the initiative's default for "synapseDataTraffic"), enforced` },
        { outcome: 'fail', messageId: 'conflict', message: `az policy exemption create --name synaml-syn-prod-Enforce-GR-Synapse --policy-assignment "${ALZ_ASSIGNMENT}" --scope "${SYNAPSE_ID}" --exemption-category Waiver --expires-on <yyyy-MM-ddTHH:mm:ssZ> --policy-definition-reference-ids Deny-Synapse-Data-Traffic` },
      ],
    },
    {
      name: 'the assignment parameter makes it Audit: a warning',
      estate: alz({ parameters: { synapseDataTraffic: 'Audit' } }),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'warning', message: `with effect Audit (from the assignment's parameter "synapseDataTraffic"), reported as non-compliant` }],
    },
    {
      name: 'enforcementMode DoNotEnforce with Deny: a warning',
      estate: alz({ enforcementMode: 'DoNotEnforce' }),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'warning', message: 'enforcementMode DoNotEnforce (reported, not enforced)' }],
    },
    {
      name: 'an override turns an Audit initiative member into Deny',
      estate: alz({ overrides: [{ kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['Deny-Synapse-Data-Traffic'] }] }] }, [], { synapseDataTraffic: 'Audit' }),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'error', message: 'with effect Deny (from an override on the assignment)' }],
    },
    {
      name: 'an override for another member does not change this one',
      estate: alz({ overrides: [{ kind: 'policyEffect', value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['Deny-Synapse-Managed-Vnet'] }] }] }),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'error' }],
    },
    {
      name: 'the built-in assigned directly with no parameter: the definition default (Audit) is a warning',
      estate: direct(POLICY.exfiltration),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'warning', message: `with effect Audit (from the definition's default for "effect")` }],
    },
    {
      name: 'the built-in assigned directly with effect Deny: an error, exemption command without reference IDs',
      estate: direct(POLICY.exfiltration, { parameters: { effect: 'Deny' }, assignedBy: 'Platform team' }),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'error', message: `assigned by Platform team` }],
    },
    {
      name: 'the definition row is not readable: the shipped catalogue gives its default effect',
      estate: direct(POLICY.exfiltration, {}, false),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'warning', message: `(synaml's catalogue)` }],
    },
    {
      name: 'an expired exemption is no longer honoured',
      estate: alz({}, [exemption({ referenceIds: ['Deny-Synapse-Data-Traffic'], expiresOn: '2026-10-31T00:00:00Z' })]),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'error', message: 'Exemption aml-integration expired on 2026-10-31T00:00:00Z: no longer honoured.' }],
    },
    {
      name: 'an exemption for another member of the initiative does not cover this one',
      estate: alz({}, [exemption({ referenceIds: ['Deny-Synapse-Managed-Vnet'] })]),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'error' }],
    },
    {
      name: 'the spec declares AML public network access Enabled; a subscription policy denies it',
      spec: (i) => { i.machineLearning.publicNetworkAccess = 'Enabled'; },
      estate: direct(POLICY.amlPublicNetwork, { parameters: { effect: 'Deny' } }),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'error', resource: 'aml-prod', path: ['machineLearning', 'publicNetworkAccess'] }],
    },
    {
      name: 'the spec declares no managed VNet; ALZ denies Synapse workspaces without one',
      spec: (i) => { i.synapse.managedVirtualNetwork = false; },
      estate: alz({ parameters: { synapseDataTraffic: 'Disabled' } }),
      expect: [{ outcome: 'fail', messageId: 'conflict', severity: 'error', path: ['synapse', 'managedVirtualNetwork'], message: 'Deny-Synapse-Managed-Vnet' }],
    },
  ],
  notApplicable: [
    {
      name: 'the snapshot recorded no Azure Policy (taken before synaml read policyresources)',
      estate: (b) => { b.policyresources = undefined; },
      expect: [
        { outcome: 'not-applicable', messageId: 'not-recorded', resource: 'syn-prod' },
        { outcome: 'not-applicable', messageId: 'not-recorded', resource: 'aml-prod' },
      ],
      exactly: true,
    },
    {
      name: "the cloud's Resource Graph has no policyresources table",
      estate: (b) => {
        b.policy();
        b.error({ source: 'resourceGraph.policyresources', scope: SUB_SCOPE, status: 400, code: 'TableNotAvailable', message: 'Resource Graph in this cloud has no policyresources table' });
      },
      expect: [{ outcome: 'not-applicable', messageId: 'not-available', message: 'not available in this cloud' }],
    },
  ],
  unknown: [
    {
      name: 'policyresources denied for the subscription',
      estate: (b) => {
        b.policy();
        b.error({ source: 'resourceGraph.policyresources', scope: SUB_SCOPE, status: 403, code: 'AuthorizationFailed', message: 'no access', missing: 'Microsoft.Authorization/policyAssignments/read' });
      },
      expect: [{ outcome: 'unknown', resource: 'syn-prod', message: 'policyAssignments/read' }],
    },
    {
      name: 'the initiative an assignment names was not returned',
      estate: (b) => { underAlz(b); b.policy(assignmentRow(mgScope(MG_ALZ), 'Enforce-GR-Synapse', ALZ_SYNAPSE_SET)); },
      expect: [{ outcome: 'unknown', resource: 'syn-prod', message: 'Enforce-Guardrails-Synapse' }],
    },
    {
      name: 'a resource selector kind synaml cannot judge',
      estate: alz({ resourceSelectors: [{ name: 'future', selectors: [{ kind: 'resourceTag', in: ['x'] }] }] }),
      expect: [{ outcome: 'unknown', resource: 'syn-prod', message: 'selector kind "resourceTag"' }],
    },
  ],
});


import rule from '../../rules/SA001-exfiltration-protection-blocks-aml.js';
import { SUB, synapseWorkspaceRow } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { SYNAPSE_ID, principals } from '../support/scenario.js';

const withExfiltrationProtection = (b: { resources: Array<Record<string, unknown>> }) => {
  b.resources[0] = synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, preventDataExfiltration: true });
};

describeRule(rule, {
  pass: [{ name: 'workspace without exfiltration protection', expect: [{ outcome: 'pass', resource: 'syn-prod' }], exactly: true }],
  fail: [
    { name: 'live workspace has exfiltration protection', estate: withExfiltrationProtection, expect: [{ outcome: 'fail', messageId: 'enabled', path: ['synapse'] }] },
    {
      name: 'spec declares exfiltration protection (validate catches it offline)',
      specOnly: true,
      spec: (i) => { i.synapse.preventDataExfiltration = true; },
      expect: [{ outcome: 'fail', messageId: 'declared', path: ['synapse', 'preventDataExfiltration'] }],
      exactly: true,
    },
  ],
  notApplicable: [{ name: 'workspace does not exist', estate: (b) => { b.resources.shift(); }, expect: [{ outcome: 'not-applicable', messageId: 'missing' }] }],
  unknown: [
    {
      name: 'Resource Graph denied for the subscription',
      estate: (b) => { b.resources.shift(); b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'no read access', missing: 'Reader on the subscription' }); },
      expect: [{ outcome: 'unknown', message: 'Reader on the subscription' }],
    },
  ],
});

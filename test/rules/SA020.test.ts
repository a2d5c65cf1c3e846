import rule from '../../rules/SA020-attached-pool-needs-public-network.js';
import { OTHER_SYNAPSE_ID, attach, compute, computes403, declare, healthyAttached, poolId } from '../support/attached-pools.js';
import { synapseWorkspaceRow, type SnapshotBuilder } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { SYNAPSE_ID, principals } from '../support/scenario.js';

const privateWorkspace = (b: SnapshotBuilder) => {
  b.resources.splice(0, 1, synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, storageAccountName: 'synprodadls', publicNetworkAccess: 'Disabled' }));
};

describeRule(rule, {
  pass: [
    {
      name: 'public network access enabled on the workspace behind the attached pool',
      estate: healthyAttached,
      expect: [{ outcome: 'pass', messageId: 'enabled', resource: SYNAPSE_ID, message: 'synapse-mlpool' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'public network access disabled: the message cites both docs\' positions',
      estate: (b) => { healthyAttached(b); privateWorkspace(b); },
      expect: [{ outcome: 'fail', messageId: 'disabled', message: 'pulls against the private setup of the secure-integration article' }],
      exactly: true,
    },
    {
      name: 'computes unreadable, but declared pools on a private workspace are a definite failure',
      spec: declare({ name: 'synapse-mlpool', pool: 'mlpool' }),
      estate: (b) => { healthyAttached(b); privateWorkspace(b); b.error(computes403); },
      expect: [{ outcome: 'fail', messageId: 'disabled', message: 'synapse-mlpool (declared)' }],
      exactly: true,
    },
  ],
  notApplicable: [
    { name: 'no attached pool', expect: [{ outcome: 'not-applicable', messageId: 'no-attached-pools' }], exactly: true },
    {
      name: 'only a declared compute that points at another workspace',
      spec: declare({ name: 'synapse-elsewhere', pool: 'mlpool' }),
      estate: attach(compute('synapse-elsewhere', poolId('mlpool', OTHER_SYNAPSE_ID))),
      expect: [{ outcome: 'not-applicable', messageId: 'none-live' }],
      exactly: true,
    },
  ],
  unknown: [
    { name: 'a 403 on the computes list (workspace public)', estate: (b) => { healthyAttached(b); b.error(computes403); }, expect: [{ outcome: 'unknown' }], exactly: true },
    {
      name: 'the Synapse workspace could not be read',
      estate: (b) => {
        healthyAttached(b);
        b.resources.splice(0, 1);
        b.error({ source: 'resourceGraph.resources', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'no read' });
      },
      expect: [{ outcome: 'unknown', resource: SYNAPSE_ID }],
      exactly: true,
    },
  ],
});

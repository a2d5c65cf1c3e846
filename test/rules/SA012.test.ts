import rule from '../../rules/SA012-sdk-v1-link-deprecated.js';
import { amlSideLinkedService, ids } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const link = (name: string, target = SYNAPSE_ID) => amlSideLinkedService(AML_ID, name, target, principals.amlMsi);

describeRule(rule, {
  pass: [
    {
      name: 'no AML-side link exists and none is declared',
      expect: [{ outcome: 'pass', messageId: 'none', resource: 'aml-prod' }],
      exactly: true,
    },
    {
      name: 'an AML-side link to another Synapse workspace is not this integration\'s',
      estate: (b) => { b.amlLinks(AML_ID, link('other', ids.synapse('syn-dev'))); },
      expect: [{ outcome: 'pass', messageId: 'none' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'an AML-side link to the Synapse workspace exists (ID in another case)',
      estate: (b) => { b.amlLinks(AML_ID, link('synapselink1', SYNAPSE_ID.toLowerCase())); },
      expect: [{ outcome: 'fail', messageId: 'exists', resource: 'linkedServices/synapselink1', path: ['machineLearning', 'workspaceId'] }],
      exactly: true,
    },
    {
      name: 'declared (validate catches it offline)',
      specOnly: true,
      spec: (i) => { i.machineLearning.synapseLink = { name: 'synapselink1' }; },
      expect: [{ outcome: 'fail', messageId: 'declared', path: ['machineLearning', 'synapseLink'], message: 'deprecated' }],
      exactly: true,
    },
    {
      name: 'declared and live: one finding (the live link), at the declared link',
      spec: (i) => { i.machineLearning.synapseLink = { name: 'SynapseLink1' }; },
      estate: (b) => { b.amlLinks(AML_ID, link('synapselink1')); },
      expect: [{ outcome: 'fail', messageId: 'exists', path: ['machineLearning', 'synapseLink'] }],
      exactly: true,
    },
    {
      name: 'declared but not live: only the spec finding fails; the live check passes',
      spec: (i) => { i.machineLearning.synapseLink = { name: 'synapselink1' }; },
      expect: [{ outcome: 'fail', messageId: 'declared' }, { outcome: 'pass', messageId: 'none' }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'AML workspace does not exist',
      estate: (b) => { b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1); },
      expect: [{ outcome: 'not-applicable', messageId: 'aml-missing' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'AML-side linked services could not be read',
      estate: (b) => {
        b.error({ source: 'arm.linkedServices', scope: AML_ID, status: 403, code: 'AuthorizationFailed', message: 'denied', missing: 'Microsoft.MachineLearningServices/workspaces/linkedServices/read' });
      },
      expect: [{ outcome: 'unknown', message: 'linkedServices/read' }],
      exactly: true,
    },
    {
      name: 'AML-side linked services were not collected',
      estate: (b) => { delete b.arm[AML_ID.toLowerCase()]; },
      expect: [{ outcome: 'unknown', message: 'NotCollected' }],
      exactly: true,
    },
  ],
});

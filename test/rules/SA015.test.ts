import rule from '../../rules/SA015-service-principal-id-is-guid.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import { SnapshotBuilder, azureMlLinkedService, ids } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

/** The example "application (client) ID" in Microsoft's quickstart: it contains a 'u', so it is not a GUID. */
const DOC_EXAMPLE_ID = '81707eac-ab38-406u-8f6c-10ce76a568d5';

/** The declared linked service uses a service principal with client ID `clientId`. */
const servicePrincipalSpec = (clientId: string = principals.spClient) => (i: IntegrationSpec) => {
  i.linkedService = {
    name: 'AzureMLService1',
    authentication: 'servicePrincipal',
    servicePrincipal: { clientId, objectId: principals.spObject, secret: { keyVault: { linkedService: 'kv-ls', secretName: 'aml-sp' } } },
  };
};

/** The live linked service uses a service principal with servicePrincipalId `id`. */
const servicePrincipalLive = (id: unknown = principals.spClient, name = 'AzureMLService1') => (b: SnapshotBuilder) => {
  b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, name, AML_ID, { authentication: 'ServicePrincipal', servicePrincipalId: id }));
};

describeRule(rule, {
  pass: [
    {
      name: 'client ID is a GUID, declared and live',
      spec: servicePrincipalSpec(),
      estate: servicePrincipalLive(),
      expect: [
        { outcome: 'pass', messageId: 'spec-guid', path: ['linkedService', 'servicePrincipal', 'clientId'] },
        { outcome: 'pass', messageId: 'guid', resource: 'linkedservices/AzureMLService1', path: ['linkedService', 'servicePrincipal', 'clientId'] },
      ],
      exactly: true,
    },
    {
      name: 'upper-case GUID',
      spec: servicePrincipalSpec(principals.spClient.toUpperCase()),
      estate: servicePrincipalLive(principals.spClient.toUpperCase()),
      expect: [{ outcome: 'pass', messageId: 'spec-guid' }, { outcome: 'pass', messageId: 'guid' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: "the quickstart's own example ID is not a GUID (it contains 'u')",
      specOnly: true,
      spec: servicePrincipalSpec(DOC_EXAMPLE_ID),
      expect: [{ outcome: 'fail', messageId: 'spec-not-guid', path: ['linkedService', 'servicePrincipal', 'clientId'], message: DOC_EXAMPLE_ID }],
      exactly: true,
    },
    {
      name: 'the spec gives the application name instead of its client ID',
      specOnly: true,
      spec: servicePrincipalSpec('aml-synapse-app'),
      expect: [{ outcome: 'fail', messageId: 'spec-not-guid', message: 'not the application\'s name' }],
      exactly: true,
    },
    {
      name: 'the live linked service has the application name as servicePrincipalId',
      spec: servicePrincipalSpec(),
      estate: servicePrincipalLive('aml-synapse-app'),
      expect: [{ outcome: 'pass', messageId: 'spec-guid' }, { outcome: 'fail', messageId: 'not-guid', severity: 'error', message: '"aml-synapse-app"' }],
      exactly: true,
    },
    {
      name: 'the live servicePrincipalId is an expression: cannot be verified (warning)',
      spec: servicePrincipalSpec(),
      estate: servicePrincipalLive({ type: 'Expression', value: '@linkedService().spId' }),
      expect: [{ outcome: 'fail', messageId: 'expression', severity: 'warning', message: '@linkedService().spId' }],
    },
    {
      name: 'another AzureML linked service to the AML workspace has a non-GUID ID',
      estate: (b) => {
        b.linkedServices(
          SYNAPSE_ID,
          azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID),
          azureMlLinkedService(SYNAPSE_ID, 'AzureMLLegacy', AML_ID, { authentication: 'ServicePrincipal', servicePrincipalId: 'legacy-app' }),
        );
      },
      expect: [
        { outcome: 'not-applicable', messageId: 'managed-identity', resource: 'AzureMLService1' },
        { outcome: 'fail', messageId: 'not-guid', resource: 'AzureMLLegacy', path: ['machineLearning', 'workspaceId'] },
      ],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'the linked service uses the Synapse managed identity',
      expect: [{ outcome: 'not-applicable', messageId: 'managed-identity', path: ['linkedService', 'authentication'] }],
      exactly: true,
    },
    {
      name: 'no AzureML linked service for this AML workspace',
      estate: (b) => { b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, 'OtherAml', ids.aml('aml-other'), { authentication: 'ServicePrincipal', servicePrincipalId: 'x' })); },
      expect: [{ outcome: 'not-applicable', messageId: 'no-linked-service' }],
      exactly: true,
    },
    {
      name: 'Synapse workspace does not exist',
      estate: (b) => { b.resources.shift(); },
      expect: [{ outcome: 'not-applicable', messageId: 'workspace-missing' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'Synapse data plane denied: linked services cannot be read',
      spec: servicePrincipalSpec(),
      estate: (b) => b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'caller is not authorized', missing: 'Synapse Artifact User on the workspace' }),
      expect: [{ outcome: 'pass', messageId: 'spec-guid' }, { outcome: 'unknown', message: 'Synapse Artifact User', path: ['linkedService'] }],
      exactly: true,
    },
  ],
});

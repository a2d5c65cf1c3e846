// A fake Azure (Resource Graph, Resource Manager, Synapse data plane) on loopback HTTPS, seeded from a snapshot,
// for testing the live collectors with the real Azure SDK clients. See README.md in this folder.
export { UNRESOLVABLE_SYNAPSE_SCOPE, startFakeAzure, unresolvableDevEndpoint } from './server.js';
export type {
  Audience,
  FakeAzure,
  FakeAzureOptions,
  Fault,
  FaultAction,
  FaultMatch,
  Operation,
  Permission,
  Quota,
  RecordedRequest,
  Route,
} from './types.js';
export { KqlError, parseKql } from './kql.js';

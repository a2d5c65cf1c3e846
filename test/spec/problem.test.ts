// The small wording helpers every spec message goes through.
import { describe, expect, it } from 'vitest';
import { closestMatch, describeValue, didYouMean, formatPath, isSecretPath } from '../../src/spec/problem.js';

describe('formatPath', () => {
  it('writes paths the way a person reads the YAML', () => {
    expect(formatPath([])).toBe('the spec');
    expect(formatPath(['integrations', 0, 'synapse', 'sparkPools', 1, 'sparkVersion'])).toBe('integrations[0].synapse.sparkPools[1].sparkVersion');
    expect(formatPath(['integrations', 0, 'odd key'])).toBe('integrations[0]["odd key"]');
    expect(formatPath(['$schema'])).toBe('$schema');
  });
});

describe('closestMatch', () => {
  const synapse = ['workspaceId', 'managedVirtualNetwork', 'preventDataExfiltration', 'publicNetworkAccess', 'sparkPools'];

  it('finds typos, wrong case and abbreviations', () => {
    expect(closestMatch('managedVnet', synapse)).toBe('managedVirtualNetwork');
    expect(closestMatch('workspaceID', synapse)).toBe('workspaceId');
    expect(closestMatch('sparkpool', synapse)).toBe('sparkPools');
    expect(closestMatch('publicNetworkAcess', synapse)).toBe('publicNetworkAccess');
  });

  it('suggests nothing for something unrelated', () => {
    expect(closestMatch('colour', synapse)).toBeUndefined();
    expect(closestMatch('msi', ['managedIdentity', 'servicePrincipal'])).toBeUndefined();
    expect(didYouMean('analytics-test', ['analytics-prod'])).toBe('');
  });
});

describe('secrets in messages', () => {
  it('recognises paths whose values must not be quoted', () => {
    expect(isSecretPath(['integrations', 0, 'linkedService', 'servicePrincipal', 'secret', 'keyVault'])).toBe(true);
    expect(isSecretPath(['integrations', 0, 'linkedService', 'servicePrincipalKey'])).toBe(true);
    expect(isSecretPath(['integrations', 0, 'linkedService', 'servicePrincipal', 'clientId'])).toBe(false);
  });

  it('shortens only very long values', () => {
    expect(describeValue('x'.repeat(250))).toMatch(/^"x{197}\.\.\."$/);
    expect(describeValue(null)).toBe('nothing');
    expect(describeValue({ a: 1 })).toBe('a mapping');
  });
});

import { describe, expect, it } from 'vitest';
import { readAttachedPools } from '../../src/engine/attached-pools.js';
import { attach, compute, poolId } from '../support/attached-pools.js';
import { estateOf, healthyIntegration, healthySnapshot } from '../support/scenario.js';

const targetsOf = (read: ReturnType<typeof readAttachedPools>) => (read.ok ? read.targets.map((t) => t.name) : read.checks.map((c) => c.messageId));

describe('readAttachedPools', () => {
  // The answer for one integration is kept for the rules that ask next: it must never be another estate's or another
  // integration's.
  it('answers each estate and each integration for itself, asked in any order', () => {
    const one = healthySnapshot();
    attach(compute('synapse-a', poolId()))(one);
    const two = healthySnapshot();
    attach(compute('synapse-b', poolId()), compute('synapse-c', poolId()))(two);
    const [first, second] = [estateOf(one), estateOf(two)];
    const integration = healthyIntegration();
    const other = healthyIntegration();
    other.synapse.workspaceId = other.synapse.workspaceId.replace('syn-prod', 'syn-elsewhere');

    expect(targetsOf(readAttachedPools(integration, first))).toEqual(['synapse-a']);
    expect(targetsOf(readAttachedPools(integration, first))).toEqual(['synapse-a']);
    expect(targetsOf(readAttachedPools(integration, second))).toEqual(['synapse-b', 'synapse-c']);
    expect(targetsOf(readAttachedPools(other, second))).toEqual(['no-attached-pools']);
    expect(targetsOf(readAttachedPools(integration, second))).toEqual(['synapse-b', 'synapse-c']);
    expect(targetsOf(readAttachedPools(integration, first))).toEqual(['synapse-a']);
  });
});

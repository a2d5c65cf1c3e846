import { describe, expect, it } from 'vitest';
import { livePoolTargets } from '../../src/engine/spark-runtimes.js';
import type { SparkPool } from '../../src/estate/model.js';
import { healthyIntegration, SYNAPSE_ID } from '../support/scenario.js';

const pool = (name: string, sparkVersion = '3.5'): SparkPool => ({ id: `${SYNAPSE_ID}/bigDataPools/${name}`, name, workspaceId: SYNAPSE_ID.toLowerCase(), sparkVersion });

describe('livePoolTargets', () => {
  // The answer for one integration and pool list is kept for the next rule: it must never be another's.
  it('matches and orders each integration and each pool list for itself, asked in any order', () => {
    const live = [pool('zeta'), pool('Alpha'), pool('mid')];
    const fewer = [pool('mid', '3.4')];
    const declaresMid = healthyIntegration();
    declaresMid.synapse.sparkPools = [{ name: 'MID' }];
    const declaresZeta = healthyIntegration();
    declaresZeta.synapse.sparkPools = [{ name: 'zeta' }, { name: 'alpha' }];
    const shape = (targets: ReturnType<typeof livePoolTargets>) => targets.map((t) => `${t.name}:${t.declared?.index ?? '-'}:${t.sparkVersion}`);

    expect(shape(livePoolTargets(declaresMid, live))).toEqual(['mid:0:3.5', 'Alpha:-:3.5', 'zeta:-:3.5']);
    expect(shape(livePoolTargets(declaresMid, live))).toEqual(['mid:0:3.5', 'Alpha:-:3.5', 'zeta:-:3.5']);
    expect(shape(livePoolTargets(declaresZeta, live))).toEqual(['zeta:0:3.5', 'Alpha:1:3.5', 'mid:-:3.5']);
    expect(shape(livePoolTargets(declaresZeta, fewer))).toEqual(['mid:-:3.4']);
    expect(shape(livePoolTargets(declaresMid, fewer))).toEqual(['mid:0:3.4']);
    expect(shape(livePoolTargets(declaresMid, live))).toEqual(['mid:0:3.5', 'Alpha:-:3.5', 'zeta:-:3.5']);
  });
});

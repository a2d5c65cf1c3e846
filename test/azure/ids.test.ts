import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isGuid, lastSegment, normaliseId, parentResourceId, parseArmId, resourceTypeOf, sameId, scopeCovers, withoutTrailingSlashes } from '../../src/azure/ids.js';

const pool = '/subscriptions/01234567-89ab-4def-0123-456789abcdef/resourceGroups/ExampleResourceGroup/providers/Microsoft.Synapse/workspaces/ExampleWorkspace/bigDataPools/ExamplePool';

describe('ARM IDs', () => {
  it('compares case-insensitively and ignores a trailing slash', () => {
    expect(sameId(pool, `${pool.toUpperCase()}/`)).toBe(true);
    expect(sameId(pool, pool.replace('ExamplePool', 'Other'))).toBe(false);
    expect(normaliseId('/Subscriptions/ABC//resourceGroups/x/')).toBe('/subscriptions/abc/resourcegroups/x');
  });

  it('parses a child resource and derives its parent and type', () => {
    const parsed = parseArmId(pool);
    expect(parsed?.subscriptionId).toBe('01234567-89ab-4def-0123-456789abcdef');
    expect(parsed?.resourceGroup).toBe('ExampleResourceGroup');
    expect(parsed?.names).toEqual(['ExampleWorkspace', 'ExamplePool']);
    expect(resourceTypeOf(pool)).toBe('microsoft.synapse/workspaces/bigdatapools');
    expect(lastSegment(pool)).toBe('ExamplePool');
    expect(parentResourceId(pool)).toMatch(/\/workspaces\/ExampleWorkspace$/);
  });

  it('takes the last segment and strips trailing slashes as the regular expressions would', () => {
    for (const id of ['', '/', '//', 'a', '/a', 'a/', '/a/b//', ' /a/b ', '/subscriptions/s/x/', pool, `${pool}///`]) {
      expect(withoutTrailingSlashes(id), JSON.stringify(id)).toBe(id.replace(/\/+$/, ''));
      expect(lastSegment(id), JSON.stringify(id)).toBe(id.replace(/\/+$/, '').split('/').pop());
    }
  });

  it('derives a parent as the split of the ID would, each time it is asked (the answer is memoised)', () => {
    const ids = [pool, `${pool}//`, ` ${pool}`, pool.toUpperCase(), `${pool.replace('/bigDataPools/', '//bigDataPools/')}`, `${pool}/notebooks/n1`];
    for (const id of [...ids, ...ids]) {
      const expected = parseArmId(id) && parseArmId(id)!.names.length >= 2 ? id.replace(/\/+$/, '').split('/').slice(0, -2).join('/') : undefined;
      expect(parentResourceId(id), JSON.stringify(id)).toBe(expected);
    }
    for (const id of ['', '/', 'a/b', '/subscriptions/s', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/ws']) {
      expect(parentResourceId(id), JSON.stringify(id)).toBeUndefined();
      expect(parentResourceId(id), JSON.stringify(id)).toBeUndefined();
    }
  });

  it('rejects malformed IDs', () => {
    expect(parseArmId('/subscriptions/x/resourceGroups/rg/providers/Microsoft.Synapse/workspaces')).toBeUndefined();
    expect(parseArmId('not-an-id')).toBeUndefined();
    expect(parseArmId('/providers/Microsoft.Management/managementGroups/mg1')?.managementGroup).toBe('mg1');
  });

  it('treats resource group, subscription and root scopes as covering a resource below them', () => {
    expect(scopeCovers('/subscriptions/01234567-89AB-4def-0123-456789abcdef', pool)).toBe(true);
    expect(scopeCovers('/subscriptions/01234567-89ab-4def-0123-456789abcdef/resourceGroups/exampleresourcegroup', pool)).toBe(true);
    expect(scopeCovers('/', pool)).toBe(true);
    expect(scopeCovers('/subscriptions/01234567-89ab-4def-0123-456789abcdef/resourceGroups/ExampleResource', pool)).toBe(false);
  });

  it('recognises GUIDs', () => {
    expect(isGuid('c3a6d2f1-a26f-4810-9b0f-591308d5cbf1')).toBe(true);
    expect(isGuid('81707eac-ab38-406u-8f6c-10ce76a568d5')).toBe(false);
    expect(isGuid('my-app')).toBe(false);
  });
});

describe('ARM IDs without regular expressions', () => {
  const id = fc.string({ unit: fc.constantFrom('/', '/', 'a', 'B', ' ', 'subscriptions', 'providers', 'x.y', '\t') });

  it('normalises as collapsing repeated slashes and dropping trailing ones did', () => {
    const byRegExp = (s: string) => {
      const t = s.trim().toLowerCase().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
      return t === '' ? '/' : t.startsWith('/') ? t : `/${t}`;
    };
    fc.assert(
      fc.property(id, (s) => {
        expect(normaliseId(s)).toBe(byRegExp(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('parses an ID with trailing slashes as the ID without them', () => {
    fc.assert(
      fc.property(id, (s) => {
        expect(parseArmId(`${pool}${s.replace(/[^/]/g, '')}`)).toEqual(parseArmId(pool));
      }),
      { numRuns: 1000 },
    );
  });
});

// fixtures/demo/snapshot.json is generated from real payload shapes by test/support/demo-estate.ts.
// Regenerate with: UPDATE_FIXTURES=1 npx vitest run test/demo/demo-fixture.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../support/demo-estate.js';

const FILE = new URL('../../fixtures/demo/snapshot.json', import.meta.url);

describe('demo fixture', () => {
  it('is the snapshot the demo builder makes', () => {
    const expected = `${JSON.stringify(demoSnapshot(), null, 2)}\n`;
    if (process.env['UPDATE_FIXTURES'] === '1') writeFileSync(FILE, expected);
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });
});

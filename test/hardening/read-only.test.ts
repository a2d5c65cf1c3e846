// The suite-wide read-only check (read-only.setup.ts) is itself tested: a write to a fake Azure fails the test that
// sent it, and only that test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAzure, type FakeAzure } from '../fake-azure/index.js';
import { demoSnapshot } from '../support/demo-estate.js';

let fake: FakeAzure;
beforeAll(async () => {
  fake = await startFakeAzure({ snapshot: demoSnapshot() });
});
afterAll(async () => {
  await fake.stop();
});

/** A write, sent the way a buggy collector would (the fake's certificate is not trusted here: the 405 comes anyway). */
async function sendWrite(method: string): Promise<void> {
  const { request } = await import('node:https');
  await new Promise<void>((resolve) => {
    const req = request(`${fake.url}/subscriptions/00000000-0000-0000-0000-000000000000?api-version=2022-12-01`, { method, ca: fake.caCertPem }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', () => resolve());
    req.end();
  });
}

describe('the suite-wide read-only check', () => {
  it.fails('fails a test that sent a write to a fake Azure', async () => {
    await sendWrite('DELETE');
    expect(fake.writes.map((w) => w.method)).toEqual(['DELETE']);
  });

  it('does not hold that write against the next test', () => {
    expect(fake.writes).toHaveLength(1);
  });
});

// Read-only, across the whole suite: every fake Azure a test starts (through test/fake-azure/index.ts) is checked
// after each test for write requests — anything but GET and the Resource Graph query POST. The fake's own tests,
// which send writes on purpose to test its write guard, are the one exception. (vitest setupFiles, vitest.config.ts)
import { afterEach, expect, vi } from 'vitest';
import type { FakeAzure } from '../fake-azure/index.js';

const started = vi.hoisted(() => [] as FakeAzure[]);

vi.mock('../fake-azure/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../fake-azure/index.js')>();
  return {
    ...real,
    startFakeAzure: async (...args: Parameters<typeof real.startFakeAzure>) => {
      const fake = await real.startFakeAzure(...args);
      started.push(fake);
      return fake;
    },
  };
});

/** How many of each fake's writes were already looked at: a fake started in beforeAll is checked after every test. */
const checked = new WeakMap<FakeAzure, number>();

afterEach(() => {
  const fresh = started.flatMap((fake) => {
    const writes = fake.writes.slice(checked.get(fake) ?? 0);
    checked.set(fake, fake.writes.length);
    return writes;
  });
  if ((expect.getState().testPath ?? '').replace(/\\/g, '/').includes('/test/fake-azure/')) return;
  expect(fresh.map((w) => `${w.method} ${w.path}`), 'synaml sent a write request to Azure').toEqual([]);
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // CLI end-to-end tests spawn node processes; two workers fit the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});

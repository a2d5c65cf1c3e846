import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every fake Azure started in any test is checked for write requests after each test (issue #6: read-only).
    setupFiles: ['test/hardening/read-only.setup.ts'],
    testTimeout: 30_000,
    // CLI end-to-end tests spawn node processes; two workers fit the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});

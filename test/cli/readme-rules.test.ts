// The README's rules table is generated from the rules' metadata; this fails when someone forgot `npm run readme`.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run.js';

describe('README rules table', () => {
  it('is up to date with the rule registry', () => {
    const run = spawnSync(process.execPath, ['scripts/gen-readme-rules.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

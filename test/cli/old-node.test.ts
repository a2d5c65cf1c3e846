// engines says Node >= 22, but npm only warns, and a shebang finds whatever `node` is first on PATH. The bin must say
// so in one line rather than fail inside with a stack trace. This machine image's own Node is 20 (end of life), which
// is the case the check is for; where no older Node is at hand, the test says it did not run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI, runScript, synaml } from './run.js';

const candidates = ['/usr/bin/node', '/usr/local/bin/node'].filter((path) => existsSync(path));
const old = candidates
  .map((path) => ({ path, version: spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() }))
  .find(({ version }) => Number(version.split('.')[0]) < 22);

describe('an older Node', () => {
  it.skipIf(!old)(`refuses in one line with exit 2 (${old ? `Node ${old.version} at ${old.path}` : 'no Node < 22 on this machine'})`, () => {
    for (const args of [['--version'], ['validate', 'fixtures/demo/spec.yaml'], ['audit', 'fixtures/demo/spec.yaml', '--snapshot', 'fixtures/demo/snapshot.json']]) {
      const child = runScript(CLI, args, {}, [], old!.path);
      expect(child.code, args.join(' ')).toBe(2);
      expect(child.stdout).toBe('');
      expect(child.stderr).toBe(`synaml: needs Node.js 22 or later; this is Node.js ${old!.version}. Install a current LTS (22 or 24) and run it again.\n`);
    }
  });

  it('runs on this Node (>= 22)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
    const child = synaml(['--version']);
    expect(child.code).toBe(0);
    expect(child.stderr).toBe('');
  });
});

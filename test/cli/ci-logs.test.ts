// CI logs (issue 20, item 8): with --output-dir the log gets the gate's decision and, on exit 3, why; --quiet keeps
// only that one line. A snapshot audit on a terminal shows its progress on stderr, as a live one does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, fixture, ROOT, synaml } from './run.js';

const DEMO = ['audit', 'fixtures/demo/spec.yaml', '--snapshot', 'fixtures/demo/snapshot.json', '--now', '2026-11-23'];

describe('audit --output-dir in a CI log', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-ci-logs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the files, then the summary with the gate and why it is incomplete (exit 3)', () => {
    const run = synaml([...DEMO, '--format', 'json,markdown', '--output-dir', dir]);
    expect(run.code).toBe(3);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`synaml: wrote ${path.join(dir, 'synaml.json')}`);
    expect(lines[2]).toMatch(/^synaml: fixtures\/demo\/spec\.yaml: incomplete \(--fail-on error, exit 3\): \d+ unknown, \d+ failing; \d+ reported, not failing \[\d+ pass, \d+ fail, \d+ not applicable, \d+ unknown, \d+ waived\] — unknown because synapse\.linkedServices at .*syn-marketing: HTTP 403 Forbidden.* \(and (\d+) more failed reads?\)$/);
    expect(lines[3]).toMatch(/^ {2}unknown because synapse\.managedPrivateEndpoints at .*syn-marketing: HTTP 403 Forbidden/);
    // The first failed read is on the summary line, every other one below it.
    const more = Number(/\(and (\d+) more failed reads?\)$/.exec(lines[2]!)![1]);
    expect(lines).toHaveLength(3 + more);
  });

  it('--quiet keeps only the summary line', () => {
    const run = synaml([...DEMO, '--format', 'json', '--output-dir', dir, '--quiet']);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^synaml: fixtures\/demo\/spec\.yaml: incomplete .* — unknown because /)]);
  });

  it('a passing run says so in one line', () => {
    const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('clean.snapshot.json'), '--now', '2026-11-23', '--output-dir', dir, '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`synaml: ${fixture('spec.yaml')}: passes (--fail-on error): nothing failing, nothing unknown [29 pass, 0 fail, 12 not applicable, 0 unknown, 0 waived]\n`);
  });
});

describe.skipIf(spawnSync('script', ['--version']).status !== 0)('a snapshot audit on a terminal', () => {
  it('shows its progress on stderr, then clears the line', () => {
    // script gives stdin/stdout/stderr one pty: stdout goes to a file, so what the terminal shows is stderr.
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'synaml-progress-')), 'result.json');
    const command = [process.execPath, CLI, ...DEMO, '--format', 'json', '--fail-on', 'never'].map((a) => `'${a}'`).join(' ');
    const child = spawnSync('script', ['-qec', `${command} > '${out}'`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('reading snapshot fixtures/demo/snapshot.json…');
    expect(child.stdout).toMatch(/evaluating 3 integrations against the snapshot…/);
    expect(child.stdout).toMatch(/\r {20,}\r$/);
    rmSync(path.dirname(out), { recursive: true, force: true });
  });
});

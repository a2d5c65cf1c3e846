// The CLI on a real pseudo-terminal 80 columns wide (issue 20, item 3): util-linux `script` gives the child a pty,
// `stty cols 80` sets its width, and no line of what it prints may be wider than 80 (colour codes do not count).
// Also: colours follow --no-color, NO_COLOR and FORCE_COLOR, and a pipe is told that the format switched to JSON.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, fixture, ROOT, synaml } from './run.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const DEMO = ['fixtures/demo/spec.yaml', '--snapshot', 'fixtures/demo/snapshot.json', '--now', '2026-11-23'];
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** The environment without NO_COLOR / FORCE_COLOR (the test runner's own would decide the colours otherwise). */
function withoutColorSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NO_COLOR: _no, FORCE_COLOR: _force, ...rest } = env;
  return rest;
}

/** Runs synaml on a pty of `columns` columns; returns what the terminal showed, without escape codes and CRs. */
function onTerminal(args: string[], columns = 80, env: NodeJS.ProcessEnv = {}): { code: number | null; text: string } {
  const command = `stty cols ${columns} rows 60; ${[process.execPath, CLI, ...args].map(quote).join(' ')}`;
  const child = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...withoutColorSettings(process.env), ...env },
    timeout: 60_000,
  });
  if (child.error) throw child.error;
  // What stays on screen: a carriage return (the progress line on stderr, redrawn in place) starts the line over.
  const shown = child.stdout
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1))
    .join('\n');
  return { code: child.status, text: shown };
}

const plain = (text: string) => text.replace(ESCAPES, '');
const wideLines = (text: string, width: number) => plain(text).split('\n').filter((l) => [...l].length > width);

describe.skipIf(!hasScript)('on an 80-column terminal', () => {
  const cases: Array<[string, string[]]> = [
    ['audit (table, the default on a terminal)', ['audit', ...DEMO]],
    ['audit --all', ['audit', ...DEMO, '--all']],
    ['audit --format compact', ['audit', ...DEMO, '--format', 'compact']],
    ['validate', ['validate', 'fixtures/demo/spec.yaml', '--now', '2026-11-23']],
    ['rules', ['rules']],
    ['audit --help', ['audit', '--help']],
    ['check-template --help', ['check-template', '--help']],
  ];
  for (const [name, args] of cases) {
    it(`${name}: no line wider than 80`, () => {
      const run = onTerminal(args);
      expect(plain(run.text).split('\n').length).toBeGreaterThan(10);
      expect(wideLines(run.text, 80)).toEqual([]);
    });
  }

  it('explain: no line wider than 80 but a URL, kept whole so the terminal can open it', () => {
    const run = onTerminal(['explain', 'SA013']);
    expect(wideLines(run.text, 80).every((l) => /^\s*https:\/\/\S+$/.test(l))).toBe(true);
  });

  it('the table drops columns to fit, and has them all on a wide terminal', () => {
    const narrow = plain(onTerminal(['audit', ...DEMO]).text);
    expect(narrow).toMatch(/│ Outcome\s+│ Severity\s+│ Rule\s+│ Integration\s+│ Message/);
    expect(narrow).not.toMatch(/│ Resource/);
    const wide = onTerminal(['audit', ...DEMO], 200);
    expect(plain(wide.text)).toMatch(/│ Resource\s+│ Message/);
    expect(wideLines(wide.text, 200)).toEqual([]);
  });

  it('colours on a terminal, none with --no-color or NO_COLOR', () => {
    expect(onTerminal(['audit', ...DEMO, '--format', 'compact']).text).toMatch(ESCAPES);
    expect(onTerminal(['audit', ...DEMO, '--format', 'compact', '--no-color']).text).not.toMatch(ESCAPES);
    expect(onTerminal(['audit', ...DEMO, '--format', 'compact'], 80, { NO_COLOR: '1' }).text).not.toMatch(ESCAPES);
    expect(onTerminal(['audit', ...DEMO, '--format', 'compact'], 80, { NO_COLOR: '1', FORCE_COLOR: '0' }).text).not.toMatch(ESCAPES);
  });
});

describe('into a pipe', () => {
  it('says on stderr that the format switched to JSON (not with --quiet, nor with --format)', () => {
    const run = synaml(['audit', ...DEMO, '--fail-on', 'never']);
    expect(JSON.parse(run.stdout).synamlResult).toBe(1);
    expect(run.stderr).toContain('synaml: stdout is not a terminal: writing JSON (--format table or compact for text)');
    expect(synaml(['audit', ...DEMO, '--fail-on', 'never', '--quiet']).stderr).not.toContain('not a terminal');
    expect(synaml(['audit', ...DEMO, '--fail-on', 'never', '--format', 'json']).stderr).not.toContain('not a terminal');
  });

  it('FORCE_COLOR colours even a pipe; --no-color wins over it', () => {
    // synaml() sets NO_COLOR=1: FORCE_COLOR wins over it, --no-color over both.
    expect(synaml(['audit', ...DEMO, '--format', 'table'], { FORCE_COLOR: '1' }).stdout).toMatch(ESCAPES);
    expect(synaml(['audit', ...DEMO, '--format', 'table', '--no-color'], { FORCE_COLOR: '1' }).stdout).not.toMatch(ESCAPES);
    expect(synaml(['audit', ...DEMO, '--format', 'table'], { FORCE_COLOR: '0' }).stdout).not.toMatch(ESCAPES);
  });

  it('compact: one line per finding under its integration, then the gate', () => {
    const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('exfiltration.snapshot.json'), '--now', '2026-11-23', '--format', 'compact']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${fixture('spec.yaml')} · analytics-prod`);
    expect(lines[1]).toMatch(/^ {2}\d+:\d+ {2}fail {6}error {4}Synapse workspace .* {2}SA001$/);
    expect(lines.at(-1)).toBe('Result: fails the run (--fail-on error): 1 failing');
  });
});

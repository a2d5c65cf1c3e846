// Baselines as pure functions: what is recorded, what is known, new and fixed, and what the exit code makes of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBaseline, applyBaselineOptions, createBaseline, loadBaselineFile, renderBaseline } from '../../src/baseline.js';
import { fingerprintsOf } from '../../src/engine/fingerprint.js';
import type { AuditResult } from '../../src/engine/types.js';
import { InputFileError } from '../../src/errors.js';
import { ExitCode, exitCodeForResults } from '../../src/exit-codes.js';
import { mixedResult } from '../reporters/fixture.js';

const fps = fingerprintsOf(mixedResult().results);

describe('createBaseline', () => {
  it('records the failing, non-waived findings by fingerprint, sorted, dated by the audit', () => {
    const baseline = createBaseline(mixedResult());
    expect(baseline).toEqual({
      synamlBaseline: 1,
      createdAt: '2026-11-23T00:00:00.000Z',
      spec: 'spec.yaml',
      tool: { name: 'synaml', version: '0.1.0' },
      fingerprints: [
        { fingerprint: fps[1], ruleId: 'SA001', integration: 'analytics-prod', resourceId: mixedResult().results[1]!.resourceId },
        { fingerprint: fps[5], ruleId: 'SA015', integration: 'analytics-dev' },
      ],
    });
    expect(renderBaseline(baseline)).toBe(renderBaseline(createBaseline(mixedResult())));
  });
});

describe('applyBaseline', () => {
  const baseline = createBaseline(mixedResult());

  it('marks known failures, which then do not fail the run; unknowns still exit 3', () => {
    const result = applyBaseline(mixedResult(), baseline, 'b.json');
    expect(result.results.map((e) => e.baseline)).toEqual([undefined, 'known', undefined, undefined, undefined, 'known']);
    expect(result.baseline).toEqual({ file: 'b.json', new: 0, known: 2, fixed: [] });
    expect(exitCodeForResults(result.results, 'note')).toBe(ExitCode.Incomplete);
    const noUnknown = { ...result, results: result.results.filter((e) => e.outcome !== 'unknown') };
    expect(exitCodeForResults(noUnknown.results, 'note')).toBe(ExitCode.Ok);
  });

  it('marks a failure the baseline does not know as new: it fails the run', () => {
    const partial = { ...baseline, fingerprints: baseline.fingerprints.slice(0, 1) };
    const result = applyBaseline(mixedResult(), partial, 'b.json');
    expect(result.results[5]!.baseline).toBe('new');
    expect(result.baseline).toMatchObject({ new: 1, known: 1 });
    const withoutUnknown = result.results.filter((e) => e.outcome !== 'unknown');
    expect(exitCodeForResults(withoutUnknown, 'warning')).toBe(ExitCode.Findings);
    expect(exitCodeForResults(withoutUnknown, 'error')).toBe(ExitCode.Ok); // SA015 is a warning
  });

  it('lists baseline findings that no longer fail as fixed — but not when the rule is unknown now', () => {
    const fixedOne = { fingerprint: 'a'.repeat(32), ruleId: 'SA009', integration: 'analytics-prod' };
    const unverifiable = { fingerprint: 'b'.repeat(32), ruleId: 'SA002', integration: 'analytics-prod' };
    const result = applyBaseline(mixedResult(), { ...baseline, fingerprints: [...baseline.fingerprints, fixedOne, unverifiable] }, 'b.json');
    expect(result.baseline!.fixed).toEqual([fixedOne]);
  });

  it('does not count a finding that is now waived as fixed, and never marks waived or unknown entries', () => {
    const result = mixedResult();
    const waivedNow = { fingerprint: fps[2]!, ruleId: 'SA013', integration: 'analytics-prod' };
    const applied = applyBaseline(result, { ...baseline, fingerprints: [waivedNow] }, 'b.json');
    expect(applied.baseline!.fixed).toEqual([]);
    expect(applied.results[2]!.baseline).toBeUndefined();
    expect(applied.results[3]!.baseline).toBeUndefined();
  });
});

describe('baseline files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--write-baseline alone accepts what it records; with --baseline it ratchets', async () => {
    const file = path.join(dir, 'nested', 'baseline.json');
    const written = await applyBaselineOptions(mixedResult(), { writeBaseline: file });
    expect(written.wrote).toBe(file);
    expect(written.result.baseline).toMatchObject({ file, new: 0, known: 2 });
    expect(await loadBaselineFile(file)).toEqual(createBaseline(mixedResult()));

    const empty = path.join(dir, 'empty.json');
    writeFileSync(empty, renderBaseline({ ...createBaseline(mixedResult()), fingerprints: [] }));
    const next = path.join(dir, 'next.json');
    const ratchet = await applyBaselineOptions(mixedResult(), { baseline: empty, writeBaseline: next });
    expect(ratchet.result.baseline).toMatchObject({ file: empty, new: 2, known: 0 });
    expect((await loadBaselineFile(next)).fingerprints).toHaveLength(2);
  });

  it('rejects malformed baselines with file:line:column', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{\n  "synamlBaseline": 1,\n  "createdAt": oops\n}', /bad\.json:3:16: not valid JSON/],
      ['{\n  "synamlBaseline": 2,\n  "createdAt": "2026-11-23T00:00:00Z",\n  "fingerprints": []\n}', /bad\.json:2:21: invalid baseline: synamlBaseline must be 1 \(this is not a synaml baseline of version 1\)/],
      ['{\n  "synamlBaseline": 1,\n  "createdAt": "2026-11-23T00:00:00Z",\n  "fingerprints": [{ "fingerprint": "xyz", "ruleId": "SA001", "integration": "a" }]\n}', /bad\.json:4:37: invalid baseline: fingerprints\.0\.fingerprint must match pattern/],
      ['{\n  "synamlBaseline": 1,\n  "createdAt": "yesterday",\n  "fingerprints": []\n}', /bad\.json:3:16: invalid baseline: createdAt must match format "date-time"/],
    ];
    for (const [text, message] of cases) {
      const file = path.join(dir, 'bad.json');
      writeFileSync(file, text);
      const error = await loadBaselineFile(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputFileError);
      expect((error as Error).message).toMatch(message);
    }
    await expect(loadBaselineFile(path.join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: cannot read the baseline: no such file/);
  });
});

describe('a result with baseline marks', () => {
  it('still validates against the result schema', async () => {
    const { Ajv } = await import('ajv');
    const addFormats = (await import('ajv-formats')).default;
    const { loadResultSchema } = await import('../reporters/fixture.js');
    const { renderJson } = await import('../../src/reporters/json.js');
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(loadResultSchema());
    const result: AuditResult = applyBaseline(mixedResult(), { ...createBaseline(mixedResult()), fingerprints: [{ fingerprint: 'c'.repeat(32), ruleId: 'SA009', integration: 'x' }] }, 'b.json');
    const json = JSON.parse(renderJson(result));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(json)).toEqual(['synamlResult', 'tool', 'auditedAt', 'spec', 'source', 'summary', 'baseline', 'results', 'diagnostics']);
    json.results[0].baseline = 'known'; // only failures carry a baseline mark
    expect(validate(json)).toBe(false);
  });
});

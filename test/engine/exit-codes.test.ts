import { describe, expect, it } from 'vitest';
import type { ResultEntry, Severity } from '../../src/engine/types.js';
import { combineExitCodes, EXIT_CODE_HELP, ExitCode, exitCodeForResults, severityAtOrAbove } from '../../src/exit-codes.js';

function entry(outcome: ResultEntry['outcome'], severity: Severity = 'error', waived = false): ResultEntry {
  return {
    ruleId: 'SA001',
    ruleName: 'r',
    severity,
    outcome,
    waived,
    ...(waived && { waiver: { reason: 'r', expires: '2030-01-01' } }),
    integration: 'i',
    message: 'm',
    remediation: 'x',
  };
}

describe('exitCodeForResults', () => {
  it('is 0 with nothing failing or unknown, and for an empty result', () => {
    expect(exitCodeForResults([entry('pass'), entry('not-applicable')], 'error')).toBe(ExitCode.Ok);
    expect(exitCodeForResults([], 'note')).toBe(ExitCode.Ok);
  });

  it('is 1 for a fail at or above --fail-on, 0 below it', () => {
    expect(exitCodeForResults([entry('fail', 'error')], 'error')).toBe(ExitCode.Findings);
    expect(exitCodeForResults([entry('fail', 'warning')], 'error')).toBe(ExitCode.Ok);
    expect(exitCodeForResults([entry('fail', 'warning')], 'warning')).toBe(ExitCode.Findings);
    expect(exitCodeForResults([entry('fail', 'note')], 'warning')).toBe(ExitCode.Ok);
    expect(exitCodeForResults([entry('fail', 'note')], 'note')).toBe(ExitCode.Findings);
    expect(exitCodeForResults([entry('fail', 'error')], 'note')).toBe(ExitCode.Findings);
  });

  it('is 3 for an unknown, whatever its severity, taking precedence over findings', () => {
    expect(exitCodeForResults([entry('unknown', 'note')], 'error')).toBe(ExitCode.Incomplete);
    expect(exitCodeForResults([entry('fail'), entry('unknown')], 'error')).toBe(ExitCode.Incomplete);
  });

  it('ignores waived entries', () => {
    expect(exitCodeForResults([entry('fail', 'error', true), entry('pass')], 'note')).toBe(ExitCode.Ok);
  });

  it('is always 0 with --fail-on never (report-only)', () => {
    expect(exitCodeForResults([entry('fail'), entry('unknown')], 'never')).toBe(ExitCode.Ok);
  });
});

describe('severityAtOrAbove', () => {
  it('orders error > warning > note', () => {
    expect(severityAtOrAbove('error', 'warning')).toBe(true);
    expect(severityAtOrAbove('warning', 'warning')).toBe(true);
    expect(severityAtOrAbove('note', 'warning')).toBe(false);
  });
});

describe('combineExitCodes', () => {
  it('takes usage over incomplete over findings over ok', () => {
    expect(combineExitCodes([])).toBe(0);
    expect(combineExitCodes([0, 1, 0])).toBe(1);
    expect(combineExitCodes([1, 3, 0])).toBe(3);
    expect(combineExitCodes([3, 2, 1])).toBe(2);
  });
});

describe('EXIT_CODE_HELP', () => {
  it('documents every code and the report-only mode', () => {
    for (const code of Object.values(ExitCode)) expect(EXIT_CODE_HELP).toMatch(new RegExp(`^  ${code}  `, 'm'));
    expect(EXIT_CODE_HELP).toMatch(/--fail-on never/);
  });
});

describe('exitCodeForResults with a baseline', () => {
  const known = (severity: Severity = 'error'): ResultEntry => ({ ...entry('fail', severity), baseline: 'known' });
  const fresh = (severity: Severity = 'error'): ResultEntry => ({ ...entry('fail', severity), baseline: 'new' });

  it('does not fail on failures the baseline knows, only on new ones', () => {
    expect(exitCodeForResults([known(), entry('pass')], 'note')).toBe(ExitCode.Ok);
    expect(exitCodeForResults([known(), fresh()], 'error')).toBe(ExitCode.Findings);
    expect(exitCodeForResults([known(), fresh('note')], 'error')).toBe(ExitCode.Ok);
  });

  it('never lets a baseline hide an unknown', () => {
    expect(exitCodeForResults([known(), entry('unknown')], 'error')).toBe(ExitCode.Incomplete);
  });
});

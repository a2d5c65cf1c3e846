import { describe, expect, it } from 'vitest';
import { renderJunit, xmlAttr, xmlText } from '../../src/reporters/junit.js';
import { expectCountsMatch, type Node, parseJunit } from '../support/junit.js';
import { mixedResult } from './fixture.js';

describe('junit reporter', () => {
  // `--fail-on warning`: the fixture's SA015 warning fails the run (the gate's own tests are in gate.test.ts).
  const xml = renderJunit(mixedResult(), { failOn: 'warning' });
  const { suites, suite, cases } = parseJunit(xml);

  it('is well-formed testsuites/testsuite/testcase XML whose counts match the JSON summary', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expectCountsMatch(xml, mixedResult());
    expect(suites).toMatchObject({ name: 'synaml spec.yaml', time: '0', timestamp: '2026-11-23T00:00:00' });
  });

  it('has one suite per integration and one test case per evaluation', () => {
    expect(suite.map((s) => s.name)).toEqual(['analytics-prod', 'analytics-dev']);
    expect(suite[0]!.properties.property.map((p: Node) => [p.name, p.value])).toEqual([
      ['spec', 'spec.yaml'],
      ['integration', 'analytics-prod'],
    ]);
    expect(cases.map((c) => c.name)).toEqual([
      'SA016 declared-resource-exists (workspaces/syn-analytics)',
      'SA001 exfiltration-protection-blocks-aml (workspaces/syn-analytics)',
      'SA013 spark-runtime-end-of-support (bigDataPools/mlpool)',
      'SA002 self-hosted-runtime-unsupported (workspaces/syn-analytics)',
      'SA012 sdk-v1-link-deprecated',
      'SA015 service-principal-id-is-guid',
    ]);
    expect(cases[1]).toMatchObject({ classname: 'synaml.analytics-prod.SA001', file: 'spec.yaml', line: '4', time: '0' });
  });

  it('turns a failure into <failure>, an unknown into <error>, n/a and waived into <skipped>, with message and remediation', () => {
    const [pass, fail, waived, unknown, na] = cases as [Node, Node, Node, Node, Node];
    expect(pass).not.toHaveProperty('failure');
    expect(fail.failure).toMatchObject({ message: expect.stringContaining('data exfiltration protection enabled'), type: 'error' });
    expect(fail.failure['#text']).toMatch(/Expected: preventDataExfiltration: false\nActual: preventDataExfiltration: true/);
    expect(fail.failure['#text']).toMatch(/Remediation:\nUse a Synapse workspace without data exfiltration protection:\naz synapse workspace create/);
    expect(fail.failure['#text']).toContain('Spec: spec.yaml:4:5');
    expect(unknown.error).toMatchObject({ message: expect.stringMatching(/^Unknown: /), type: 'unknown' });
    expect(unknown.error['#text']).toMatch(/Why unknown: synapse\.linkedServices at .*403 Forbidden/);
    expect(waived.skipped).toMatchObject({ message: 'Waived until 2027-01-31: migration to 3.5 booked' });
    expect(na.skipped).toMatchObject({ message: expect.stringMatching(/^Not applicable: /) });
  });

  it('skips baseline-known failures, naming the baseline', () => {
    const result = mixedResult();
    result.results[1]!.baseline = 'known';
    result.baseline = { file: 'baseline.json', new: 1, known: 1, fixed: [] };
    const { suites: s, cases: c } = parseJunit(renderJunit(result, { failOn: 'warning' }));
    expect(c[1]!.skipped.message).toMatch(/^Known finding, accepted in the baseline baseline\.json: /);
    expect(Number(s.failures)).toBe(1);
    expect(Number(s.skipped)).toBe(3);
  });

  it('gives test cases of one rule and resource distinct names', () => {
    const result = mixedResult();
    const twin = { ...result.results[1]!, specPath: 'synapse.preventDataExfiltration' };
    result.results.push(twin, { ...twin });
    const names = parseJunit(renderJunit(result, { failOn: 'warning' })).cases.map((c) => c.name as string);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith('SA001 '))).toEqual([
      'SA001 exfiltration-protection-blocks-aml (workspaces/syn-analytics)',
      'SA001 exfiltration-protection-blocks-aml (workspaces/syn-analytics) synapse.preventDataExfiltration',
      'SA001 exfiltration-protection-blocks-aml (workspaces/syn-analytics) synapse.preventDataExfiltration #2',
    ]);
  });

  it('escapes markup and drops characters XML 1.0 forbids', () => {
    const result = mixedResult();
    result.results[1]!.message = 'a <b>&"quote"\u0000\u0007\uFFFE \uD800 ]]> end';
    result.results[1]!.integration = 'x"><evil/>';
    const text = renderJunit(result, { failOn: 'warning' });
    const { cases: c } = parseJunit(text);
    const failing = c.find((x) => 'failure' in x)!;
    expect(failing.failure.message).toBe('a <b>&"quote"  ]]> end');
    expect(text).not.toMatch(/[\u0000-\u0008\uFFFE]/);
    expect(text).not.toContain('<evil/>');
    expect(xmlText('<&>')).toBe('&lt;&amp;&gt;');
    expect(xmlAttr('a"b\nc')).toBe('a&quot;b&#10;c');
  });
});

// Reads JUnit XML with a real XML parser, the shape CI test-report parsers expect (testsuites > testsuite > testcase),
// and checks its counts against a JSON result.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';

export type Node = Record<string, any>;

/** Parses JUnit XML the way CI test-report parsers read it: testsuites > testsuite[] > testcase[]. */
export function parseJunit(xml: string): { suites: Node; suite: Node[]; cases: Node[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  const doc = parser.parse(xml) as Node;
  const suites = doc['testsuites'] as Node;
  const suite = suites['testsuite'] as Node[];
  return { suites, suite, cases: suite.flatMap((s) => (s['testcase'] as Node[] | undefined) ?? []) };
}

/** Totals from the JSON summary, the way JUnit counts them: fail, unknown as errors, n/a and waived as skipped. */
export function expectCountsMatch(xml: string, result: AuditResult): void {
  const { suites, suite, cases } = parseJunit(xml);
  const s = result.summary;
  expect(Number(suites.tests)).toBe(result.results.length);
  expect(Number(suites.failures)).toBe(s.fail);
  expect(Number(suites.errors)).toBe(s.unknown);
  expect(Number(suites.skipped)).toBe(s.notApplicable + s.waived);
  expect(cases).toHaveLength(result.results.length);
  expect(cases.filter((c) => 'failure' in c)).toHaveLength(s.fail);
  expect(cases.filter((c) => 'error' in c)).toHaveLength(s.unknown);
  expect(cases.filter((c) => 'skipped' in c)).toHaveLength(s.notApplicable + s.waived);
  expect(cases.filter((c) => !('failure' in c) && !('error' in c) && !('skipped' in c))).toHaveLength(s.pass);
  for (const key of ['tests', 'failures', 'errors', 'skipped']) {
    expect(suite.reduce((n, x) => n + Number(x[key]), 0), key).toBe(Number(suites[key]));
  }
}

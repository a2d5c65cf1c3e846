// `junit`: JUnit XML for the test tabs of Azure Pipelines (PublishTestResults) and GitHub test-report actions. One test
// suite per integration, one test case per evaluation (rule × integration × resource): a failure that fails the run
// (at or above `--fail-on`) is <failure>, an unknown is <error> (the check could not run), and not-applicable, waived,
// baseline-known findings and failures below `--fail-on` ("reported, not failing") are <skipped> with the reason. So
// the counts match the gate: `failures` + `errors` is 0 exactly when the run exits 0 (with `--fail-on never`,
// unknowns are reported, not failing, too).
import type { AuditResult, ResultEntry } from '../engine/types.js';
import { DEFAULT_FAIL_ON, type FailOn } from '../exit-codes.js';
import { countByStatus, locationText, reasonText, shortResource, type Status, statusOf, type StatusCounts } from './findings.js';
import type { ReporterOptions, ReportFormat } from './types.js';

/**
 * Characters XML 1.0 does not allow at all (controls, lone surrogates, U+FFFE/U+FFFF), and the DEL and C1 controls it
 * allows but discourages (a terminal acts on them): dropped, not escaped.
 */
const ILLEGAL_XML = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Printable ASCII but `"`, `&`, `<` and `>`: text neither escaping function changes (most names and IDs). */
const UNCHANGED = /^[\u0020\u0021\u0023-\u0025\u0027-\u003B\u003D\u003F-\u007E]*$/;

/** Text content: `&`, `<`, `>` escaped, characters XML 1.0 forbids removed. */
export function xmlText(value: string): string {
  if (UNCHANGED.test(value)) return value;
  return value.replace(ILLEGAL_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value (double-quoted): also quotes, and line breaks and tabs as references so parsers keep them. */
export function xmlAttr(value: string): string {
  if (UNCHANGED.test(value)) return value;
  return xmlText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

function details(entry: ResultEntry): string {
  const lines = [entry.message];
  if (entry.expected !== undefined || entry.actual !== undefined) lines.push(`Expected: ${entry.expected ?? '-'}`, `Actual: ${entry.actual ?? '-'}`);
  if (entry.reason) lines.push(`Why unknown: ${reasonText(entry.reason, entry.message)}`);
  if (entry.waiver) lines.push(`Waived until ${entry.waiver.expires}: ${entry.waiver.reason}`);
  lines.push(`Rule: ${entry.ruleId} ${entry.ruleName} (${entry.severity})`, `Integration: ${entry.integration}`);
  if (entry.resourceId) lines.push(`Resource: ${entry.resourceId}`);
  const at = locationText(entry);
  if (at) lines.push(`Spec: ${at}`);
  lines.push('', 'Remediation:', entry.remediation.trimEnd());
  return lines.join('\n');
}

function outcomeElement(entry: ResultEntry, status: Status, baselineFile: string | undefined, failOn: FailOn): string {
  const body = xmlText(details(entry));
  switch (status) {
    case 'fail':
      return `<failure${attrs({ message: entry.message, type: entry.severity })}>${body}</failure>`;
    case 'unknown':
      if (failOn === 'never') return `<skipped${attrs({ message: `Unknown, reported, not failing (--fail-on never): ${entry.message}` })}>${body}</skipped>`;
      return `<error${attrs({ message: `Unknown: ${entry.message}`, type: 'unknown' })}>${body}</error>`;
    case 'reported':
      return `<skipped${attrs({ message: `Reported, not failing (${entry.severity}, --fail-on ${failOn}): ${entry.message}` })}>${body}</skipped>`;
    case 'waived':
      return `<skipped${attrs({ message: `Waived until ${entry.waiver?.expires ?? '?'}: ${entry.waiver?.reason ?? ''}` })}>${body}</skipped>`;
    case 'known':
      return `<skipped${attrs({ message: `Known finding, accepted in the baseline${baselineFile ? ` ${baselineFile}` : ''}: ${entry.message}` })}>${body}</skipped>`;
    case 'not-applicable':
      return `<skipped${attrs({ message: `Not applicable: ${entry.message}` })}/>`;
    case 'pass':
      return '';
  }
}

/** Test case names, unique within a suite: `SA010 aml-dependencies-private (storageAccounts/st1)`, then the spec path. */
function caseNames(entries: readonly ResultEntry[]): string[] {
  const base = entries.map((e) => `${e.ruleId} ${e.ruleName}${e.resourceId ? ` (${shortResource(e.resourceId)})` : ''}`);
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  const withPath = base.map((b, i) => (count.get(b)! > 1 && entries[i]!.specPath ? `${b} ${entries[i]!.specPath}` : b));
  const seen = new Map<string, number>();
  return withPath.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  });
}

function totals(counts: StatusCounts, failOn: FailOn) {
  const unknownFails = failOn !== 'never';
  return {
    tests: Object.values(counts).reduce((a, b) => a + b, 0),
    failures: counts.fail,
    errors: unknownFails ? counts.unknown : 0,
    skipped: counts['not-applicable'] + counts.waived + counts.known + counts.reported + (unknownFails ? 0 : counts.unknown),
  };
}

export function renderJunit(result: AuditResult, options: ReporterOptions = {}): string {
  return [...renderJunitChunks(result, options)].join('');
}

/**
 * `renderJunit`'s text, byte for byte, in pieces: the document's head, then one test suite (one integration) at a
 * time, then its end. The CLI writes them as they come, so a large estate's report (22.5 MiB for 2,000
 * integrations) is never one string.
 */
export function* renderJunitChunks(result: AuditResult, options: ReporterOptions = {}): Generator<string> {
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const timestamp = result.auditedAt.slice(0, 19);
  const byIntegration = Map.groupBy(result.results, (entry) => entry.integration);
  const all = totals(countByStatus(result.results, failOn).total, failOn);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: `synaml ${result.spec}`, ...all, time: '0', timestamp })}>\n`;
  for (const [integration, entries] of byIntegration) {
    const names = caseNames(entries);
    const cases = entries.map((entry, i) => {
      const status = statusOf(entry, failOn);
      const open = `    <testcase${attrs({
        name: names[i],
        classname: `synaml.${integration}.${entry.ruleId}`,
        time: '0',
        file: entry.location?.file,
        line: entry.location?.line,
      })}`;
      const inner = outcomeElement(entry, status, result.baseline?.file, failOn);
      return inner === '' ? `${open}/>` : `${open}>\n      ${inner}\n    </testcase>`;
    });
    const t = totals(countByStatus(entries, failOn).total, failOn);
    yield `${[
      `  <testsuite${attrs({ name: integration, ...t, time: '0', timestamp })}>`,
      '    <properties>',
      `      <property${attrs({ name: 'spec', value: result.spec })}/>`,
      `      <property${attrs({ name: 'integration', value: integration })}/>`,
      '    </properties>',
      ...cases,
      '  </testsuite>',
    ].join('\n')}\n`;
  }
  yield '</testsuites>\n';
}

export const junit: ReportFormat = {
  render: renderJunit,
  chunks: renderJunitChunks,
  fileName: 'synaml.junit.xml',
  description: 'JUnit XML for CI test tabs: one test case per rule, integration and resource',
};

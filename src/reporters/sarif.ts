// `sarif`: SARIF 2.1.0 for GitHub code scanning, Azure DevOps and SARIF viewers. Each finding is located in the spec
// (the offending field's line), names its Azure resource as a logical location, and carries the fingerprint that
// baselines and `synaml diff` use, so alerts keep their identity across runs.
//
// What is emitted: every `fail` (waived ones with an accepted external suppression) and every `unknown` (kind `open`:
// SARIF's "could not determine pass or fail"). GitHub code scanning ignores `kind` and would raise every pass as an
// alert, so pass and not-applicable evaluations are emitted only with `all` (as kinds `pass` / `notApplicable`, with no
// partialFingerprints: only findings have a fingerprint);
// `run.properties.summary` always counts everything. SARIF requires level `none` for any kind but `fail`, so an
// unknown's severity is in its properties and its message starts with "Unknown:".
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FINGERPRINT_KEY, fingerprintsOf } from '../engine/fingerprint.js';
import { isFinding, type AuditResult, type ResultEntry, type RuleMeta, type Severity } from '../engine/types.js';
import { failsRun, gateOf, gateText, reasonText, ruleIndex, shortResource } from './findings.js';
import { DEFAULT_FAIL_ON } from '../exit-codes.js';
import { orderResult } from './json.js';
import type { ReporterOptions, ReportFormat } from './types.js';
import { escapeJsonControls, stripControls } from './text-safety.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/synaml/synaml';
const SRCROOT = '%SRCROOT%';

type Level = Severity | 'none';
type Kind = 'fail' | 'open' | 'pass' | 'notApplicable';

interface Descriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  /** `name`: synaml's own (kebab-case) rule name, as every other format shows it. */
  properties: { name: string; tags: string[] };
}

const TAGS = ['azure', 'synapse', 'azure-machine-learning'];

/** SARIF's rule `name` is a Pascal-case identifier (validator rule SARIF2012): `spark-runtime-end-of-support` → `SparkRuntimeEndOfSupport`. */
export function pascalCase(kebab: string): string {
  return kebab
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function descriptorFromMeta(meta: RuleMeta): Descriptor {
  const docsText = meta.docs.map((d) => `${d.title} (${d.date}): ${d.url}`).join('\n');
  const docsMarkdown = meta.docs.map((d) => `- [${d.title}](${d.url}) (${d.date})`).join('\n');
  return {
    id: meta.id,
    name: pascalCase(meta.name),
    shortDescription: { text: sentence(meta.title) },
    fullDescription: { text: sentence(meta.rationale) },
    help: {
      text: `Remediation: ${meta.remediation.trim()}${docsText ? `\n\nMicrosoft docs:\n${docsText}` : ''}`,
      markdown: `**Remediation**\n\n${meta.remediation.trim()}${docsMarkdown ? `\n\n**Microsoft docs**\n\n${docsMarkdown}` : ''}`,
    },
    ...(meta.docs[0] && { helpUri: meta.docs[0].url }),
    defaultConfiguration: { level: meta.severity },
    properties: { name: meta.name, tags: [...TAGS] },
  };
}

/** A descriptor from what the result itself carries, for a rule the options do not describe. */
function descriptorFromEntry(entry: ResultEntry): Descriptor {
  return {
    id: entry.ruleId,
    name: pascalCase(entry.ruleName),
    shortDescription: { text: sentence(entry.ruleName) },
    fullDescription: { text: sentence(`synaml rule ${entry.ruleId} (${entry.ruleName})`) },
    help: { text: `Remediation: ${entry.remediation.trim()}`, markdown: `**Remediation**\n\n${entry.remediation.trim()}` },
    defaultConfiguration: { level: entry.severity },
    properties: { name: entry.ruleName, tags: [...TAGS] },
  };
}

/** An artifact location for a spec path: relative to %SRCROOT% (forward slashes, percent-encoded), or a file: URI. */
export function artifactLocation(unsafe: string, srcRoot?: string): { uri: string; uriBaseId?: string } {
  // encodeURIComponent throws on a lone surrogate (a JSON string may hold one): drop control characters and those first.
  const file = stripControls(unsafe);
  let relative = file.replace(/\\/g, '/');
  const absolute = path.isAbsolute(file) || /^[A-Za-z]:\//.test(relative);
  if (absolute) {
    const inside = srcRoot ? path.relative(srcRoot, file) : undefined;
    if (inside === undefined || inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      return { uri: pathToFileURL(file).href };
    }
    relative = inside.replace(/\\/g, '/');
  }
  relative = relative.replace(/^(\.\/)+/, '');
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function kindAndLevel(entry: ResultEntry): { kind: Kind; level: Level } {
  switch (entry.outcome) {
    case 'fail':
      return { kind: 'fail', level: entry.severity };
    case 'unknown':
      return { kind: 'open', level: 'none' };
    case 'pass':
      return { kind: 'pass', level: 'none' };
    default:
      return { kind: 'notApplicable', level: 'none' };
  }
}

function messageText(entry: ResultEntry): string {
  const parts: string[] = [];
  if (entry.outcome === 'unknown') parts.push('Unknown: synaml could not evaluate this rule, so it is not a pass.');
  parts.push(sentence(entry.message));
  if (entry.expected !== undefined || entry.actual !== undefined) {
    parts.push(`Expected: ${entry.expected ?? '-'}; actual: ${entry.actual ?? '-'}.`);
  }
  if (entry.reason) parts.push(sentence(`Why unknown: ${reasonText(entry.reason, entry.message)}`));
  if (entry.waived && entry.waiver) parts.push(sentence(`Waived until ${entry.waiver.expires}: ${entry.waiver.reason}`));
  if (entry.baseline === 'known') parts.push('Known: this finding is in the baseline.');
  return parts.join(' ');
}

function sarifResult(entry: ResultEntry, ruleIndexOf: number, fingerprint: string | undefined, result: AuditResult, options: ReporterOptions) {
  const srcRoot = options.srcRoot;
  const { kind, level } = kindAndLevel(entry);
  const file = entry.location?.file ?? result.spec;
  const physicalLocation = {
    artifactLocation: artifactLocation(file, srcRoot),
    ...(entry.location && { region: { startLine: entry.location.line, startColumn: entry.location.column } }),
  };
  const logicalLocations = entry.resourceId
    ? [{ name: shortResource(entry.resourceId).split('/').at(-1)!, fullyQualifiedName: entry.resourceId, kind: 'resource' }]
    : undefined;
  return {
    ruleId: entry.ruleId,
    ruleIndex: ruleIndexOf,
    ...(kind !== 'fail' && { kind }),
    level,
    message: { text: messageText(entry) },
    locations: [{ physicalLocation, ...(logicalLocations && { logicalLocations }) }],
    ...(entry.relatedLocations?.length && {
      relatedLocations: entry.relatedLocations.map((at, i) => ({
        id: i + 1,
        physicalLocation: { artifactLocation: artifactLocation(at.file, srcRoot), region: { startLine: at.line, startColumn: at.column } },
        message: { text: 'where the resource is declared' },
      })),
    }),
    ...(fingerprint !== undefined && { partialFingerprints: { [FINGERPRINT_KEY]: fingerprint } }),
    ...(entry.baseline && { baselineState: entry.baseline === 'known' ? 'unchanged' : 'new' }),
    ...(entry.waived &&
      entry.waiver && {
        suppressions: [{ kind: 'external', status: 'accepted', justification: `${entry.waiver.reason} (waiver expires ${entry.waiver.expires})` }],
      }),
    properties: {
      outcome: entry.outcome,
      ...(entry.outcome === 'fail' && { failsRun: failsRun(entry, options.failOn ?? DEFAULT_FAIL_ON) }),
      severity: entry.severity,
      integration: entry.integration,
      ...(entry.specPath !== undefined && { specPath: entry.specPath }),
      ...(entry.expected !== undefined && { expected: entry.expected }),
      ...(entry.actual !== undefined && { actual: entry.actual }),
      ...(entry.reason && { reason: entry.reason }),
      ...(entry.waiver && { waiver: entry.waiver }),
      ...(entry.lastChange && { lastChange: entry.lastChange }),
    },
  };
}

/** The SARIF log as an object (keys in a fixed order, so the same result gives byte-identical output). */
export function buildSarif(result: AuditResult, options: ReporterOptions = {}) {
  const meta = ruleIndex(options.rules);
  const descriptors: Descriptor[] = (options.rules ?? []).map(descriptorFromMeta);
  const indexById = new Map(descriptors.map((d, i) => [d.id.toUpperCase(), i]));
  const descriptorIndex = (entry: ResultEntry): number => {
    const id = entry.ruleId.toUpperCase();
    if (!indexById.has(id)) {
      const known = meta(entry.ruleId);
      descriptors.push(known ? descriptorFromMeta(known) : descriptorFromEntry(entry));
      indexById.set(id, descriptors.length - 1);
    }
    return indexById.get(id)!;
  };

  const fingerprints = fingerprintsOf(result.results);
  const results = result.results.flatMap((entry, i) => {
    const emitted = isFinding(entry) || options.all === true;
    return emitted ? [sarifResult(entry, descriptorIndex(entry), fingerprints[i], result, options)] : [];
  });
  // `synaml validate --format sarif`: the spec's own problems are results too, so code scanning annotates them on the
  // pull request (as tool configuration notifications they would only be in the log).
  if (options.specProblemsAsResults) {
    for (const d of result.diagnostics ?? []) {
      const id = `spec/${d.code}`;
      if (!indexById.has(id.toUpperCase())) {
        const help = 'Fix the spec at the line shown: the message says what is wrong and what is allowed; `synaml validate` checks it again.';
        descriptors.push({
          id,
          name: d.code.replace(/(^|[-_])([a-z0-9])/g, (_, _sep: string, c: string) => c.toUpperCase()),
          shortDescription: { text: sentence(`A spec problem: ${d.code}`) },
          fullDescription: { text: 'The spec is not valid as written (YAML, the JSON Schema in schema/spec-v1.schema.json, or a semantic check), so it cannot be audited.' },
          help: { text: help, markdown: help },
          helpUri: `${INFORMATION_URI}#the-spec`,
          defaultConfiguration: { level: d.severity === 'error' ? 'error' : 'warning' },
        } as unknown as Descriptor);
        indexById.set(id.toUpperCase(), descriptors.length - 1);
      }
      // Same SARIF shape as a finding, without the finding-only parts (fingerprints, logical locations, properties).
      const problem = {
        ruleId: id,
        ruleIndex: indexById.get(id.toUpperCase())!,
        kind: 'fail',
        level: d.severity === 'error' ? 'error' : 'warning',
        message: { text: sentence(d.message) },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(d.file, options.srcRoot), region: { startLine: d.line, startColumn: d.column } } }],
      };
      results.push(problem as unknown as (typeof results)[number]);
    }
  }

  const unknownReasons = new Map<string, string>();
  for (const entry of result.results) {
    if (entry.outcome === 'unknown' && entry.reason) unknownReasons.set(reasonText(entry.reason), entry.reason.source);
  }
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const gate = gateOf(result, failOn);
  const ordered = orderResult({ ...result, results: [] }, { failOn }, result);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            fullName: `${result.tool.name} ${result.tool.version}`,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        automationDetails: { id: `synaml/${result.spec.replace(/\\/g, '/')}/` },
        // Where %SRCROOT% is: without it a viewer cannot place a spec given by an absolute path (made relative to it).
        ...(options.srcRoot !== undefined && { originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(`${path.resolve(options.srcRoot)}/`).href } } }),
        invocations: [
          {
            executionSuccessful: result.summary.unknown === 0,
            exitCode: gate.exitCode,
            exitCodeDescription: sentence(`synaml audit ${gateText(gate)}`),
            toolExecutionNotifications: [...unknownReasons].map(([text, source]) => ({
              level: 'error',
              message: { text: sentence(`Could not read ${text}`) },
              descriptor: { id: source },
            })),
            toolConfigurationNotifications: (options.specProblemsAsResults ? [] : (result.diagnostics ?? [])).map((d) => ({
              level: d.severity,
              message: { text: sentence(d.message) },
              descriptor: { id: d.code },
              locations: [
                { physicalLocation: { artifactLocation: artifactLocation(d.file, options.srcRoot), region: { startLine: d.line, startColumn: d.column } } },
              ],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          auditedAt: result.auditedAt,
          spec: result.spec,
          ...(ordered.source !== undefined && { source: ordered.source }),
          summary: ordered.summary,
          gate: ordered.gate,
          ...(ordered.baseline !== undefined && { baseline: ordered.baseline }),
        },
      },
    ],
  };
}

export function renderSarif(result: AuditResult, options: ReporterOptions = {}): string {
  return escapeJsonControls(`${JSON.stringify(buildSarif(result, options), null, 2)}\n`);
}

export const sarif: ReportFormat = {
  render: renderSarif,
  fileName: 'synaml.sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning and Azure DevOps: findings located in the spec, with rule help',
};

// SARIF names where %SRCROOT% is (issue 20, item 9): a spec given by an absolute path inside the source root is
// made relative to it, and the run's originalUriBaseIds says what that root is, so viewers can place the file.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSarif } from '../../src/reporters/sarif.js';
import { mixedResult } from './fixture.js';

describe('SARIF and the source root', () => {
  it('an absolute spec path inside the root: relative, with uriBaseId, and the root in originalUriBaseIds', () => {
    const root = path.resolve('/work/repo');
    const result = { ...mixedResult(), spec: path.join(root, 'infra', 'spec.yaml') };
    result.results = result.results.map((e) => (e.location ? { ...e, location: { ...e.location, file: path.join(root, 'infra', 'spec.yaml') } } : e));
    const run = buildSarif(result, { srcRoot: root }).runs[0]!;
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(`${root}/`).href } });
    for (const r of run.results) expect(r.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'infra/spec.yaml', uriBaseId: '%SRCROOT%' });
  });
});

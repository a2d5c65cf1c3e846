// schema/spec-v1.schema.json itself: editor help on every property, the constraints the spec contract names, and a
// precompiled validator that still agrees with the schema (a stale build would not).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../src/spec/schema-validate.js';
import { AML, PE, PRINCIPAL, SYN } from './helpers.js';

type Schema = Record<string, unknown> & {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  definitions?: Record<string, Schema>;
};

const schema = JSON.parse(readFileSync(new URL('../../schema/spec-v1.schema.json', import.meta.url), 'utf8')) as Schema;
const deref = (s: Schema): Schema => (s.$ref ? deref(schema.definitions![s.$ref.replace('#/definitions/', '')]!) : s);
const at = (...path: string[]): Schema => {
  let node = deref(schema);
  for (const name of path) node = deref(name === '*' ? node.items! : node.properties![name]!);
  return node;
};

/** Every schema reachable from the root, with its data path. */
function walk(node: Schema, path: string, visit: (s: Schema, path: string, raw: Schema) => void): void {
  const s = deref(node);
  visit(s, path, node);
  for (const [name, child] of Object.entries(s.properties ?? {})) walk(child, `${path}/${name}`, visit);
  if (s.items) walk(s.items, `${path}/*`, visit);
}

describe('schema/spec-v1.schema.json', () => {
  it('is draft-07, with a description on every property and closed mappings', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const undocumented: string[] = [];
    const open: string[] = [];
    walk(schema, '', (s, path, raw) => {
      if (path !== '' && typeof raw.description !== 'string' && typeof s.description !== 'string') undocumented.push(path);
      if (s.properties && s.additionalProperties !== false) open.push(path);
    });
    expect(undocumented).toEqual([]);
    expect(open).toEqual([]);
  });

  it('encodes the constraints of the spec contract', () => {
    expect(at('version').const).toBe(1);
    expect(at('integrations', '*', 'name').pattern).toBe('^[a-z0-9]+(-[a-z0-9]+)*$');
    expect(at('integrations', '*', 'synapse', 'sparkPools', '*', 'sparkVersion').type).toBe('string');
    expect(at('integrations', '*', 'synapse', 'sparkPools', '*', 'mlflowTracking').enum).toEqual(['linkedService', 'servicePrincipal', 'none']);
    expect(at('integrations', '*', 'linkedService', 'authentication').enum).toEqual(['managedIdentity', 'servicePrincipal']);
    expect(at('integrations', '*', 'synapse', 'publicNetworkAccess').enum).toEqual(['Enabled', 'Disabled']);
    expect(at('integrations', '*', 'machineLearning', 'dependencyPrivateEndpoints').uniqueItems).toBe(true);
    expect(at('integrations', '*', 'machineLearning', 'dependencyPrivateEndpoints', '*').enum).toEqual(['blob', 'file', 'dfs', 'vault', 'registry']);
    // SA015 reports a non-GUID client ID as a finding: the schema must not reject it first.
    expect(at('integrations', '*', 'linkedService', 'servicePrincipal', 'clientId').pattern).toBeUndefined();
    const guid = at('integrations', '*', 'access', 'required', '*', 'principalId').pattern;
    expect(guid).toMatch(/^\^\[0-9a-fA-F\]\{8\}/);
    expect(at('integrations', '*', 'linkedService', 'servicePrincipal', 'objectId').pattern).toBe(guid);
    expect(at('integrations', '*', 'access', 'privilegedPrincipals', '*').pattern).toBe(guid);
    expect(at('integrations', '*', 'machineLearning', 'synapseLink', 'linkedBy').pattern).toBe(guid);
    expect(at('integrations', '*', 'linkedService', 'servicePrincipal', 'secret').required).toEqual(['keyVault']);
    expect(at('integrations', '*', 'linkedService', 'servicePrincipal', 'secret', 'keyVault').required).toEqual(['linkedService', 'secretName']);
    expect(at('waivers', '*').required).toEqual(['rule', 'reason', 'expires']);
    expect(at('waivers', '*', 'rule').pattern).toBe('^SA\\d{3}$');
    expect(at('waivers', '*', 'expires').pattern).toBe('^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
    expect(Object.keys(at('waivers', '*').properties!)).toEqual(['rule', 'integration', 'resource', 'reason', 'expires']);
    expect(Object.keys(at('integrations', '*', 'synapse').properties!)).toContain('preventDataExfiltration');
    expect(Object.keys(at('integrations', '*', 'linkedService', 'servicePrincipal').properties!)).toContain('tenantId');
  });

  it('is what the precompiled validator enforces', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addVocabulary(['patternErrorMessage', 'errorMessage']);
    const fresh = ajv.compile(schema);
    const integration = { name: 'analytics-prod', synapse: { workspaceId: SYN }, machineLearning: { workspaceId: AML } };
    const documents: unknown[] = [
      null,
      [],
      { version: 1, integrations: [integration] },
      { version: 2, integrations: [], extra: true },
      { version: 1, integrations: [{ ...integration, name: 'Bad', synapse: { workspaceId: '', managedVnet: 1, sparkPools: [{ sparkVersion: 3.5 }] } }] },
      {
        version: 1,
        integrations: [
          {
            ...integration,
            machineLearning: { workspaceId: AML, dependencyPrivateEndpoints: ['blob', 'blob', 'disk'] },
            linkedService: { name: 'ls', authentication: 'msi', servicePrincipal: { clientId: 7, secret: 'x' } },
            network: { approvedPrivateEndpoints: [PE, PE], managedPrivateEndpoint: {} },
            access: { privilegedPrincipals: ['nope'], required: [{ principalId: PRINCIPAL, role: '', scope: 'x' }, {}] },
          },
        ],
        waivers: [{ rule: 'SA1', reason: ' ', expires: '2027-1-1', other: 1 }],
      },
    ];
    for (const document of documents) {
      const valid = fresh(document);
      const expected = (fresh.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`).sort();
      const actual = validateAgainstSchema(document).map((e) => `${e.instancePath} ${e.keyword}`).sort();
      expect(actual).toEqual(expected);
      expect(actual.length === 0).toBe(valid);
    }
  });

  it('counts a string\'s length for minLength as ajv does (code points), with its own faster helper', () => {
    const generated = readFileSync(new URL('../../src/generated/spec-validator.js', import.meta.url), 'utf8');
    const helper = /const ajvRuntime\d+ = \{ default: (function ucs2length\(str\) \{[\s\S]*?\n\}) \};/.exec(generated)?.[1];
    expect(helper).toBeDefined();
    const ours = new Function(`return ${helper}`)() as (s: string) => number;
    const ajvs = (createRequire(import.meta.url)('ajv/dist/runtime/ucs2length') as { default: (s: string) => number }).default;
    const strings = ['', 'a', 'analytics-prod', '😀', 'a😀b', '\uD800', '\uDC00', '\uD800a', 'x\uDBFF', '\uDC00\uD800', '😀😀\uD83D', 'é'.repeat(300)];
    for (const s of strings) expect(ours(s), JSON.stringify(s)).toBe(ajvs(s));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', '\uD83D', '\uDE00', '\uDBFF', '\uDC00') }), (a, b) => {
        expect(ours(a + b)).toBe(ajvs(a + b));
      }),
      { numRuns: 1000 },
    );
  });

  it('generates a validator that imports nothing (no ajv at start-up)', () => {
    const generated = readFileSync(new URL('../../src/generated/spec-validator.js', import.meta.url), 'utf8');
    expect(generated).not.toMatch(/^\s*import\s/m);
    expect(generated).not.toMatch(/\brequire\(/);
    expect(generated).toMatch(/export const hints = /);
  });
});

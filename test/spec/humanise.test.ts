// The humaniser on hand-made ajv errors: anyOf/oneOf noise reduced to the one error that helps.
import { describe, expect, it } from 'vitest';
import { humaniseSchemaErrors } from '../../src/spec/humanise.js';
import type { SchemaError } from '../../src/spec/schema-validate.js';

const error = (instancePath: string, schemaPath: string, keyword: string, params: Record<string, unknown> = {}): SchemaError => ({
  instancePath,
  schemaPath,
  keyword,
  params,
  message: 'raw ajv text that must not appear',
});

const humanise = (errors: SchemaError[], data: unknown) =>
  humaniseSchemaErrors(errors, { data, scalarSource: () => undefined }).map((p) => `${p.code}: ${p.message}`);

describe('anyOf / oneOf', () => {
  it('keeps the errors of the branch that matched deepest, dropping the other branches and the combinator', () => {
    const data = { target: { kind: 'storage', size: 'big' } };
    const errors = [
      error('/target', '#/properties/target/anyOf/0/type', 'type', { type: 'string' }),
      error('/target/size', '#/properties/target/anyOf/1/properties/size/type', 'type', { type: 'number' }),
      error('/target', '#/properties/target/anyOf', 'anyOf'),
    ];
    expect(humanise(errors, data)).toEqual(['schema-type: target.size must be a number (got "big")']);
  });

  it('keeps only the combinator when no branch got past the value itself', () => {
    const data = { target: 7 };
    const errors = [
      error('/target', '#/properties/target/oneOf/0/type', 'type', { type: 'string' }),
      error('/target', '#/properties/target/oneOf/1/type', 'type', { type: 'object' }),
      error('/target', '#/properties/target/oneOf', 'oneOf', { passingSchemas: null }),
    ];
    expect(humanise(errors, data)).toEqual(['schema-invalid: target must be one of the accepted forms (got 7)']);
  });

  it('leaves errors outside the combinator alone', () => {
    const data = { target: 7, other: 'x' };
    const errors = [
      error('/target', '#/properties/target/anyOf/0/type', 'type', { type: 'string' }),
      error('/target', '#/properties/target/anyOf', 'anyOf'),
      error('/other', '#/properties/other/type', 'type', { type: 'boolean' }),
    ];
    expect(humanise(errors, data)).toEqual([
      'schema-invalid: target must be one of the accepted forms (got 7)',
      'schema-type: other must be true or false (got "x")',
    ]);
  });
});

describe('values under credential keys', () => {
  it('never quotes them, whatever the error', () => {
    const data = { servicePrincipalKey: 'Zm9vYmFyU2VjcmV0', linkedService: { secret: { keyVault: 'S3cr3tValue' } } };
    const errors = [
      error('/linkedService/secret/keyVault', '#/type', 'type', { type: 'object' }),
      error('/linkedService/secret/keyVault', '#/pattern', 'pattern', { pattern: '^x$' }),
      error('/linkedService/secret/keyVault', '#/enum', 'enum', { allowedValues: ['S3cr3tValue2'] }),
      error('', '#/additionalProperties', 'additionalProperties', { additionalProperty: 'servicePrincipalKey' }),
    ];
    const messages = humanise(errors, data);
    expect(messages).toHaveLength(4);
    expect(messages[3]).toMatch(/^inline-secret: servicePrincipalKey is an inline secret/);
    for (const m of messages) expect(m).not.toMatch(/S3cr3tValue"|Zm9vYmFyU2VjcmV0|raw ajv text/);
  });
});

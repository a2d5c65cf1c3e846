import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AuditIncompleteError,
  describeError,
  exitCodeForError,
  formatLocation,
  InputFileError,
  redactSecrets,
  SpecInvalidError,
  UsageError,
} from '../../src/errors.js';
import { VERSION } from '../../src/version.js';

describe('typed errors', () => {
  it('carry their exit codes; anything else is an internal error (3)', () => {
    expect(exitCodeForError(new UsageError('bad flag'))).toBe(2);
    expect(exitCodeForError(new SpecInvalidError('spec.yaml', []))).toBe(2);
    expect(exitCodeForError(new InputFileError('not valid JSON', { file: 'state.json', line: 3, column: 7 }))).toBe(2);
    expect(exitCodeForError(new AuditIncompleteError('no credential'))).toBe(3);
    expect(exitCodeForError(new TypeError('boom'))).toBe(3);
    expect(exitCodeForError('a string')).toBe(3);
  });

  it('locate input-file errors as file:line:column', () => {
    const error = new InputFileError('not valid JSON (InvalidSymbol)', { file: 'state.json', line: 3, column: 7 });
    expect(error.message).toBe('state.json:3:7: not valid JSON (InvalidSymbol)');
    expect(error).toMatchObject({ file: 'state.json', line: 3, column: 7, detail: 'not valid JSON (InvalidSymbol)' });
    expect(new InputFileError('no such file', { file: 'x.json' }).message).toBe('x.json: no such file');
    expect(formatLocation({ file: 'a', line: 2 })).toBe('a:2');
  });

  it('count spec errors, not warnings', () => {
    const error = new SpecInvalidError('spec.yaml', [
      { file: 'spec.yaml', line: 1, column: 1, severity: 'error', code: 'a', message: 'a' },
      { file: 'spec.yaml', line: 2, column: 1, severity: 'warning', code: 'b', message: 'b' },
    ]);
    expect(error.message).toBe('spec.yaml: invalid spec (1 error)');
    expect(error.diagnostics).toHaveLength(2);
  });

  it('describe known errors plainly and unknown ones as internal errors', () => {
    expect(describeError(new UsageError('unknown format "xml"'))).toBe('unknown format "xml"');
    expect(describeError(new RangeError('oops'))).toBe('internal error: oops');
  });
});

describe('redactSecrets', () => {
  it('leaves the words "bearer token(s)" in a sentence alone, and still redacts tokens of letters only when long', () => {
    const said = 'Pass pre-acquired bearer tokens in SYNAML_ARM_TOKEN; a Bearer token. is never printed.';
    expect(redactSecrets(said, {})).toBe(said);
    expect(redactSecrets('Authorization: Bearer abcdefghijklmnopqrstuvwxyz', {})).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('Bearer 0123456789', {})).toBe('Bearer [redacted]');
  });

  it('removes token variable values, bearer tokens, JWTs and connection-string keys', () => {
    const env = { SYNAML_ARM_TOKEN: 'arm-token-value-123456' };
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';
    const text = `got arm-token-value-123456 and Authorization: Bearer abc.def-ghi and ${jwt} and AccountKey=c2VjcmV0==;EndpointSuffix=x`;
    const out = redactSecrets(text, env);
    expect(out).not.toContain('arm-token-value-123456');
    expect(out).not.toContain('abc.def-ghi');
    expect(out).not.toContain(jwt);
    expect(out).not.toContain('c2VjcmV0');
    expect(out).toContain('EndpointSuffix=x');
  });

  it('applies to every error line the CLI prints', () => {
    process.env.SYNAML_SYNAPSE_TOKEN = 'synapse-secret-token-value';
    try {
      expect(describeError(new Error('request failed with synapse-secret-token-value'))).not.toContain('synapse-secret-token-value');
    } finally {
      delete process.env.SYNAML_SYNAPSE_TOKEN;
    }
  });
});

describe('VERSION', () => {
  it('equals package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeJsonControls } from '../../src/reporters/text-safety.js';

/** What escapeJsonControls did before it skipped texts with nothing to escape. */
const byRegExp = (json: string) => json.replace(/[\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('escapeJsonControls', () => {
  it('escapes DEL and the C1 controls, in ASCII text and in text with other non-ASCII characters', () => {
    expect(escapeJsonControls('{"a": "x\u007Fy"}')).toBe('{"a": "x\\u007fy"}');
    expect(escapeJsonControls('"\u0085 and \u009b"')).toBe('"\\u0085 and \\u009b"');
    expect(escapeJsonControls('"é \u0080 😀"')).toBe('"é \\u0080 😀"');
    expect(escapeJsonControls('"plain ascii ~"')).toBe('"plain ascii ~"');
    expect(escapeJsonControls('"é 😀 \u00a0"')).toBe('"é 😀 \u00a0"');
  });

  it('is the regular expression\'s text for any string', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-ascii' }), fc.string({ unit: fc.constantFrom('a', '\u007F', '\u0080', '\u009F', '\u00A0', 'é', '\uD83D', '\uDE00') }));
    fc.assert(fc.property(text, (s) => {
      expect(escapeJsonControls(s)).toBe(byRegExp(s));
    }), { numRuns: 2000 });
  });
});

// Output safety: strings that come from Azure or the spec — resource IDs, names, messages, reasons, waiver reasons,
// file names — are hostile until escaped. Every registered reporter renders a result whose every such string is a
// payload (HTML/script injection, CDATA and Markdown-table breakouts, terminal escapes, control characters, a very
// long string), and each format is checked for what would break it. New formats are picked up from the registry.
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { FORMAT_NAMES, reporters, type FormatName } from '../../src/reporters/index.js';
import { loadRules } from '../../src/index.js';
import { withoutControls } from '../../src/reporters/text-safety.js';
import { mixedResult } from '../reporters/fixture.js';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  `"'><script>alert(2)</script>`,
  '</td></tr><svg onload=alert(3)>',
  ']]><injected/>',
  '&amp; & &lt; &#x3C;',
  'a | b || c',
  '`code` ```\n```js\nfence',
  '[click](javascript:alert(4)) ![x](http://evil.example/x.png)',
  'line1\nline2\r\n| --- | --- |\n# heading\n- item',
  'nul\u0000 bel\u0007 esc\u001b[31mred\u001b[0m osc\u001b]0;pwned\u0007 del\u007f c1\u0085\u009b ls\u2028ps\u2029',
  'lone \ud800 surrogate \uffff',
  '@everyone {{template}} ${env} %s %n',
];
const HOSTILE = PAYLOADS.join(' ~ ');
const LONG = `${'A'.repeat(100_000)}<b>`;

/** The shared reporter fixture with a payload in every string Azure or the spec controls. */
function hostileResult(): AuditResult {
  const result = mixedResult();
  result.spec = `specs/${HOSTILE}.yaml`;
  if (result.source) result.source.file = `state ${HOSTILE}.json`;
  result.results.forEach((e, i) => {
    e.integration = `int-${i} ${HOSTILE}`;
    e.resourceId = i === 0 ? 'javascript:alert(5)' : `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/${HOSTILE}`;
    e.message = i === 1 ? LONG : `message ${HOSTILE}`;
    e.expected = `expected ${HOSTILE}`;
    e.actual = `actual ${HOSTILE}`;
    e.remediation = `remediation ${HOSTILE}`;
    if (e.location) e.location.file = `spec ${HOSTILE}.yaml`;
    if (e.reason) Object.assign(e.reason, { scope: `scope ${HOSTILE}`, message: `reason ${HOSTILE}`, missing: `missing ${HOSTILE}` });
    if (e.waiver) e.waiver.reason = `waiver ${HOSTILE}`;
  });
  for (const d of result.diagnostics ?? []) Object.assign(d, { file: `spec ${HOSTILE}.yaml`, message: `diagnostic ${HOSTILE}` });
  return result;
}

/** C0/C1 controls, DEL and lone surrogates: none may reach a terminal, an XML parser or a browser raw. */
const RAW_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u0080-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? []).length;

/** What each format must guarantee; a format with no entry gets the checks every format gets. */
const FORMAT_CHECKS: Partial<Record<FormatName | string, (out: string, clean: string, result: AuditResult) => void>> = {
  json(out, _clean, result) {
    const parsed = JSON.parse(out) as AuditResult;
    // Lossless: the machine-readable result carries the strings exactly.
    expect(parsed.results.map((e) => e.message)).toEqual(result.results.map((e) => e.message));
    expect(parsed.spec).toBe(result.spec);
  },
  sarif(out) {
    const log = JSON.parse(out) as { version: string; runs: unknown[] };
    expect(log.version).toBe('2.1.0');
    expect(out).toContain('alert(1)'); // the payload is reported, as JSON text
  },
  junit(out) {
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toContain('<injected');
    expect(out).not.toMatch(/<(img|script|svg)\b/i);
    // Character references to characters XML 1.0 forbids are as fatal to a parser as the characters.
    expect(out).not.toMatch(/&#(x0*[0-8BCEF]|x0*1[0-9A-F]|0*([0-8]|1[124-9]|2[0-9]|3[01]));/i);
  },
  html(out, clean) {
    expect(out).not.toMatch(/<(img|svg|injected)\b/i);
    expect(count(out, /<script\b/i)).toBe(count(clean, /<script\b/i));
    // An event-handler attribute in a real tag (attribute values are escaped, so a quoted value holds no quote).
    expect(out.replace(/="[^"]*"|='[^']*'/g, '=""')).not.toMatch(/<[^>]*\son(error|load)\s*=/i);
    expect(out).not.toMatch(/(href|src|action)\s*=\s*["']?\s*javascript:/i);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  },
  markdown(out, clean) {
    expect(out).not.toMatch(/<(img|script|svg|injected)\b/i);
    expect(out).not.toMatch(/(?<!\\)\]\(\s*javascript:/i);
    expect(out).not.toMatch(/(?<!\\)!(?<!\\)\[[^\]]*(?<!\\)\]\(http/);
    // A fence or a heading can only come from the reporter: the payload's newlines never start a line of their own.
    expect(count(out, /^```/m)).toBe(count(clean, /^```/m));
    const heading = out.search(/^# heading/m);
    expect(heading, JSON.stringify(out.slice(heading - 300, heading + 20))).toBe(-1);
    expect(out).not.toMatch(/^\| --- \| --- \|$/m);
    // Every row of a table has as many cell separators (unescaped |) as its header.
    const lines = out.split('\n');
    let columns: number | undefined;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        columns = undefined;
        continue;
      }
      const separators = count(line.replace(/\\\\/g, '').replace(/\\\|/g, ''), /\|/);
      columns ??= separators;
      expect(separators, line.slice(0, 200)).toBe(columns);
    }
  },
};

describe('every output format escapes hostile strings', async () => {
  const rules = (await loadRules()).map((r) => r.meta);

  it.each(FORMAT_NAMES)('%s', (format) => {
    const result = hostileResult();
    const options = { rules, all: true, color: false, width: 160, srcRoot: process.cwd() };
    const clean = reporters[format].render(mixedResult(), options);
    const started = performance.now();
    const out = reporters[format].render(result, options);
    // A guard against quadratic rendering of hostile input (that would take minutes), not a speed target: generous,
    // so a loaded CI machine does not fail it.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(typeof out).toBe('string');
    const raw = RAW_CONTROL.exec(out);
    expect(raw, raw ? `U+${raw[0].charCodeAt(0).toString(16)} at ${raw.index}: ${JSON.stringify(out.slice(Math.max(0, raw.index - 40), raw.index + 10))}` : '').toBeNull();
    FORMAT_CHECKS[format]?.(out, clean, result);
  });

  it('has specific checks for the formats that interpret markup', () => {
    for (const format of ['html', 'markdown', 'junit', 'sarif', 'json']) {
      if (FORMAT_NAMES.includes(format as FormatName)) expect(FORMAT_CHECKS[format], format).toBeDefined();
    }
  });
});

describe('withoutControls', () => {
  it('cleans a copy that keeps a __proto__ key as data and inherits nothing from it', () => {
    const value = JSON.parse('{"actual": "ok\\u001b[31m", "__proto__": {"message": "in\\u0007herited"}}') as Record<string, unknown>;
    const clean = withoutControls(value);
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(clean['message']).toBeUndefined();
    expect(JSON.stringify(clean)).toBe('{"actual":"ok[31m","__proto__":{"message":"inherited"}}');
  });
});

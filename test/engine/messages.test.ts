import { describe, expect, it } from 'vitest';
import { MessageTemplateError, placeholdersOf, renderMessage, renderRuleMessage } from '../../src/engine/messages.js';
import { meta } from './fakes.js';

describe('renderMessage', () => {
  it('fills {{name}} placeholders, with or without inner spaces, numbers included', () => {
    expect(renderMessage('Pool {{pool}} runs Spark {{ version }} ({{pool}}).', { pool: 'mlpool', version: 3.4 })).toBe(
      'Pool mlpool runs Spark 3.4 (mlpool).',
    );
  });

  it('leaves text without placeholders alone and does not re-expand inserted values', () => {
    expect(renderMessage('Nothing here.')).toBe('Nothing here.');
    expect(renderMessage('{{a}}', { a: '{{b}}', b: 'x' })).toBe('{{b}}');
  });

  it('throws on a placeholder without a value (a programming error)', () => {
    expect(() => renderMessage('Pool {{pool}}', {})).toThrow(MessageTemplateError);
    expect(() => renderMessage('Pool {{pool}}')).toThrow(/\{\{pool\}\}/);
    expect(() => renderMessage('{{toString}}', {})).toThrow(MessageTemplateError);
    expect(() => renderMessage('{{constructor}} {{a}}', { a: 'x' })).toThrow(/\{\{constructor\}\}/);
    expect(() => renderMessage('{{a}}', { a: null as unknown as string })).toThrow(MessageTemplateError);
  });

  it('takes a value named like an object property when the data has it as its own', () => {
    expect(renderMessage('{{toString}} {{constructor}}: {{n}}', { toString: 'own', constructor: 'also own', n: 0 })).toBe('own also own: 0');
  });

  it('lists the placeholders of a template', () => {
    expect(placeholdersOf('{{a}} and {{ b }} and {{a}}')).toEqual(['a', 'b']);
  });
});

describe('renderRuleMessage', () => {
  it('renders a rule message by ID and names the rule and message when it cannot', () => {
    expect(renderRuleMessage(meta('SA900'), 'ok', { name: 'n' })).toBe('All good for n.');
    expect(() => renderRuleMessage(meta('SA900'), 'missing')).toThrow(/rule SA900 has no message "missing"/);
    expect(() => renderRuleMessage(meta('SA900'), 'bad', { name: 'n' })).toThrow(/rule SA900, message "bad".*\{\{count\}\}/);
  });
});

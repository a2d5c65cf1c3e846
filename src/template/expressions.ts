// The ARM template expression language, as far as deployment templates of Synapse workspaces use it: a parser for
// `[...]` expressions and an evaluator for the functions whose value is known before deployment. Anything decided
// by Azure at deployment time (reference(), uniqueString(), the deployment's subscription when not given) is
// `unresolved`, with the expression and the reason, so a rule that needs it is `unknown`, never a pass.

/** A JSON value, as template expressions produce them. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Why a value could not be computed: the smallest sub-expression that failed, in template syntax. */
export interface Unresolved {
  expression: string;
  reason: string;
  /** What would resolve it, e.g. `a value for parameter 'irName' (--parameters)`. */
  missing?: string;
}

/**
 * The result of evaluating a template value. An unresolved string may carry a `partial` rendering, with each
 * unresolved piece written `{expression}` (e.g. `/subscriptions/{subscription().subscriptionId}/...`), so names and
 * IDs built from it can still be told apart.
 */
export type Evaluated = { ok: true; value: Json } | { ok: false; unresolved: Unresolved; partial?: string };

/** Facts about the deployment that only Azure knows, unless the caller gives them (`--subscription-id`, ...). */
export interface DeploymentContext {
  subscriptionId?: string;
  resourceGroup?: string;
}

/** Where `parameters()` and `variables()` look. Names compare case-insensitively, as in ARM. */
export interface EvaluationScope {
  /**
   * The parameter's value, or undefined when the template declares no such parameter. An unresolved value whose
   * `expression` is empty is reported at the `parameters(...)` call that asked for it.
   */
  parameter(name: string): Evaluated | undefined;
  /** The variable's value, or undefined when the template declares no such variable. */
  variable(name: string): Evaluated | undefined;
  context: DeploymentContext;
}

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the expression text (without the enclosing brackets). */
    readonly offset: number,
  ) {
    super(message);
  }
}

// ---- syntax --------------------------------------------------------------------------------------------------

export type Expr =
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'call'; name: string; args: Expr[]; start: number; end: number }
  | { kind: 'property'; target: Expr; name: string; start: number; end: number }
  | { kind: 'index'; target: Expr; index: Expr; start: number; end: number };

/** A template string is an expression when it is bracketed and does not start with the `[[` escape. */
export function isExpressionString(text: string): boolean {
  const t = text.trim();
  return t.startsWith('[') && t.endsWith(']') && !t.startsWith('[[');
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Expr {
    const expr = this.expression();
    this.space();
    if (this.pos < this.src.length) this.fail(`unexpected "${this.src[this.pos]}"`);
    return expr;
  }

  private fail(message: string): never {
    throw new ExpressionSyntaxError(message, this.pos);
  }

  private space(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos += 1;
  }

  private expression(): Expr {
    this.space();
    let expr = this.primary();
    for (;;) {
      this.space();
      const c = this.src[this.pos];
      if (c === '.') {
        this.pos += 1;
        this.space();
        const name = this.identifier();
        expr = { kind: 'property', target: expr, name, start: expr.start, end: this.pos };
      } else if (c === '[') {
        this.pos += 1;
        const index = this.expression();
        this.space();
        if (this.src[this.pos] !== ']') this.fail('expected "]"');
        this.pos += 1;
        expr = { kind: 'index', target: expr, index, start: expr.start, end: this.pos };
      } else return expr;
    }
  }

  private identifier(): string {
    const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.src.slice(this.pos));
    if (!match) this.fail('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private primary(): Expr {
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === undefined) this.fail('unexpected end of expression');
    if (c === "'") {
      let value = '';
      this.pos += 1;
      for (;;) {
        const ch = this.src[this.pos];
        if (ch === undefined) this.fail('unterminated string');
        if (ch === "'") {
          if (this.src[this.pos + 1] === "'") {
            value += "'";
            this.pos += 2;
            continue;
          }
          this.pos += 1;
          break;
        }
        value += ch;
        this.pos += 1;
      }
      return { kind: 'string', value, start, end: this.pos };
    }
    const number = /^-?\d+(\.\d+)?/.exec(this.src.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return { kind: 'number', value: Number(number[0]), start, end: this.pos };
    }
    let name = this.identifier();
    // A user-defined function is called as namespace.name(...).
    const dotted = /^\s*\.\s*([A-Za-z_$][A-Za-z0-9_$]*)\s*\(/.exec(this.src.slice(this.pos));
    if (dotted) {
      name = `${name}.${dotted[1]}`;
      this.pos += dotted[0].length - 1;
    }
    this.space();
    if (this.src[this.pos] !== '(') this.fail(`expected "(" after ${name}: a bare name is not an expression`);
    this.pos += 1;
    const args: Expr[] = [];
    this.space();
    if (this.src[this.pos] === ')') this.pos += 1;
    else {
      for (;;) {
        args.push(this.expression());
        this.space();
        const sep = this.src[this.pos];
        if (sep === ',') {
          this.pos += 1;
          continue;
        }
        if (sep === ')') {
          this.pos += 1;
          break;
        }
        this.fail('expected "," or ")"');
      }
    }
    return { kind: 'call', name, args, start, end: this.pos };
  }
}

/** Parses the inside of a bracketed expression (`concat('a', parameters('b'))`). Throws ExpressionSyntaxError. */
export function parseExpression(source: string): Expr {
  return new Parser(source).parse();
}

// ---- evaluation ----------------------------------------------------------------------------------------------

const ok = (value: Json): Evaluated => ({ ok: true, value });

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Properties of objects compare case-insensitively in ARM (`parameters('p').Name` reads `name`). */
function getProperty(value: { [key: string]: Json }, name: string): Json | undefined {
  if (Object.prototype.hasOwnProperty.call(value, name)) return value[name];
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : value[key];
}

function typeName(value: Json): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
}

/** Functions whose value Azure decides at deployment time: never known offline. */
const DEPLOYMENT_TIME: Readonly<Record<string, string>> = {
  reference: 'reads a deployed resource at deployment time',
  list: 'reads a deployed resource at deployment time',
  listkeys: 'reads a deployed resource at deployment time',
  listsecrets: 'reads a deployed resource at deployment time',
  uniquestring: 'is a hash Azure computes at deployment time',
  guid: 'is a hash Azure computes at deployment time',
  newguid: 'is generated at deployment time',
  utcnow: 'is the deployment time',
  deployment: 'describes the deployment, known only when it runs',
  environment: 'describes the Azure cloud of the deployment, known only when it runs',
  tenant: 'describes the tenant of the deployment, known only when it runs',
  managementgroup: 'describes the deployment scope, known only when it runs',
  copyindex: 'is the iteration of a copy loop, which synaml does not expand',
  pickzones: 'depends on the region at deployment time',
};

/** What the evaluator supports, for help texts. */
export const SUPPORTED_FUNCTIONS = [
  'parameters', 'variables', 'concat', 'format', 'resourceId', 'subscriptionResourceId', 'tenantResourceId',
  'subscription', 'resourceGroup', 'toLower', 'toUpper', 'string', 'replace', 'trim', 'if', 'equals', 'not', 'and',
  'or', 'true', 'false', 'null', 'empty', 'coalesce', 'createObject', 'createArray', 'tryGet', 'bool', 'int',
  'length', 'split', 'first', 'last', 'contains', 'startsWith', 'endsWith',
] as const;

class Evaluator {
  constructor(
    private readonly source: string,
    private readonly scope: EvaluationScope,
  ) {}

  private text(e: Expr): string {
    return this.source.slice(e.start, e.end);
  }

  private unresolved(e: Expr, reason: string, missing?: string, partial?: string): Evaluated {
    return { ok: false, unresolved: { expression: this.text(e), reason, ...(missing !== undefined && { missing }) }, ...(partial !== undefined && { partial }) };
  }

  /** A string, or the partial text of an unresolved string. */
  private piece(result: Evaluated, e: Expr): { value?: string; partial: string; failed?: Evaluated } {
    if (result.ok) {
      const v = result.value;
      const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
      return { value: text, partial: text };
    }
    return { partial: result.partial ?? `{${this.text(e)}}`, failed: result };
  }

  evaluate(e: Expr): Evaluated {
    switch (e.kind) {
      case 'string':
        return ok(e.value);
      case 'number':
        return ok(e.value);
      case 'property': {
        const target = this.evaluate(e.target);
        if (!target.ok) return target;
        if (!isObject(target.value)) return this.unresolved(e, `${this.text(e.target)} is ${typeName(target.value)}, not an object with property "${e.name}"`);
        const value = getProperty(target.value, e.name);
        return value === undefined ? this.unresolved(e, `${this.text(e.target)} has no property "${e.name}"`) : ok(value);
      }
      case 'index': {
        const target = this.evaluate(e.target);
        if (!target.ok) return target;
        const index = this.evaluate(e.index);
        if (!index.ok) return index;
        if (Array.isArray(target.value) && typeof index.value === 'number') {
          const item = target.value[index.value];
          return item === undefined ? this.unresolved(e, `index ${index.value} is outside the array (length ${target.value.length})`) : ok(item);
        }
        if (isObject(target.value) && typeof index.value === 'string') {
          const value = getProperty(target.value, index.value);
          return value === undefined ? this.unresolved(e, `${this.text(e.target)} has no property "${index.value}"`) : ok(value);
        }
        return this.unresolved(e, `cannot index ${typeName(target.value)} with ${typeName(index.value)}`);
      }
      case 'call':
        return this.call(e);
    }
  }

  private args(e: Extract<Expr, { kind: 'call' }>): Evaluated[] {
    return e.args.map((a) => this.evaluate(a));
  }

  private firstFailure(results: Evaluated[]): Evaluated | undefined {
    return results.find((r) => !r.ok);
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Evaluated {
    const name = e.name.toLowerCase();
    const arity = (min: number, max = min): Evaluated | undefined =>
      e.args.length < min || e.args.length > max
        ? this.unresolved(e, `${e.name}() takes ${min === max ? min : `${min} to ${max === Infinity ? 'any number of' : max}`} argument${max === 1 ? '' : 's'}, got ${e.args.length}`)
        : undefined;
    // The arguments' values, when their number is right and each one evaluates; else the first reason one does not.
    const argValues = (min: number, max = min): { values: Json[] } | { failed: Evaluated } => {
      const bad = arity(min, max);
      if (bad) return { failed: bad };
      const args = this.args(e);
      const failed = this.firstFailure(args);
      return failed ? { failed } : { values: args.map((a) => (a.ok ? a.value : null)) };
    };
    if (name.includes('.')) return this.unresolved(e, `user-defined function ${e.name}() is not evaluated by synaml`);
    if (name.startsWith('list') || DEPLOYMENT_TIME[name] !== undefined) {
      return this.unresolved(e, `${e.name}() ${DEPLOYMENT_TIME[name] ?? DEPLOYMENT_TIME['list']!}`);
    }
    switch (name) {
      case 'parameters':
      case 'variables': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        if (!arg.ok) return arg;
        if (typeof arg.value !== 'string') return this.unresolved(e, `${e.name}() needs a name (a string)`);
        const found = name === 'parameters' ? this.scope.parameter(arg.value) : this.scope.variable(arg.value);
        if (found === undefined) return this.unresolved(e, `the template declares no ${name === 'parameters' ? 'parameter' : 'variable'} "${arg.value}"`);
        if (found.ok) return found;
        // A value that is simply missing names the use site; a default value that failed names its own culprit.
        const expression = found.unresolved.expression === '' ? this.text(e) : found.unresolved.expression;
        return { ok: false, unresolved: { ...found.unresolved, expression }, ...(found.partial !== undefined && { partial: found.partial }) };
      }
      case 'concat': {
        const args = this.args(e);
        if (args.length > 0 && args.every((a) => a.ok && Array.isArray(a.value))) {
          return ok(args.flatMap((a) => (a.ok ? (a.value as Json[]) : [])));
        }
        return this.joinStrings(e, args.map((a, i) => this.piece(a, e.args[i]!)));
      }
      case 'format': {
        if (e.args.length < 1) return this.unresolved(e, 'format() needs a format string');
        const args = this.args(e);
        const fmt = args[0]!;
        if (!fmt.ok) return fmt;
        if (typeof fmt.value !== 'string') return this.unresolved(e, 'the first argument of format() must be a string');
        const pieces = args.slice(1).map((a, i) => this.piece(a, e.args[i + 1]!));
        const parts: Array<{ value?: string; partial: string; failed?: Evaluated }> = [];
        const re = /\{\{|\}\}|\{(\d+)(?:[,:][^}]*)?\}/g;
        let last = 0;
        for (let m = re.exec(fmt.value); m; m = re.exec(fmt.value)) {
          const literal = fmt.value.slice(last, m.index);
          parts.push({ value: literal, partial: literal });
          if (m[0] === '{{' || m[0] === '}}') parts.push({ value: m[0][0]!, partial: m[0][0]! });
          else {
            const piece = pieces[Number(m[1])];
            if (!piece) return this.unresolved(e, `format() has no argument {${m[1]}}`);
            parts.push(piece);
          }
          last = m.index + m[0].length;
        }
        const tail = fmt.value.slice(last);
        parts.push({ value: tail, partial: tail });
        return this.joinStrings(e, parts);
      }
      case 'resourceid':
      case 'subscriptionresourceid':
      case 'tenantresourceid':
        return this.resourceId(e, name);
      case 'subscription': {
        const bad = arity(0);
        if (bad) return bad;
        const sub = this.scope.context.subscriptionId;
        if (sub === undefined) return this.deploymentSubscription(e);
        return ok({ id: `/subscriptions/${sub}`, subscriptionId: sub });
      }
      case 'resourcegroup': {
        const bad = arity(0);
        if (bad) return bad;
        const { subscriptionId: sub, resourceGroup: rg } = this.scope.context;
        if (rg === undefined) return this.deploymentResourceGroup(e);
        return ok({ name: rg, ...(sub !== undefined && { id: `/subscriptions/${sub}/resourceGroups/${rg}` }) });
      }
      case 'tolower':
      case 'toupper':
      case 'trim': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        const apply = (s: string) => (name === 'tolower' ? s.toLowerCase() : name === 'toupper' ? s.toUpperCase() : s.trim());
        if (!arg.ok) return arg.partial !== undefined ? { ...arg, partial: apply(arg.partial) } : arg;
        if (typeof arg.value !== 'string') return this.unresolved(e, `${e.name}() needs a string, got ${typeName(arg.value)}`);
        return ok(apply(arg.value));
      }
      case 'string': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        if (!arg.ok) return arg;
        return ok(typeof arg.value === 'string' ? arg.value : JSON.stringify(arg.value));
      }
      case 'replace': {
        const got = argValues(3);
        if ('failed' in got) return got.failed;
        const [s, from, to] = got.values;
        if (typeof s !== 'string' || typeof from !== 'string' || typeof to !== 'string') return this.unresolved(e, 'replace() needs three strings');
        return ok(from === '' ? s : s.split(from).join(to));
      }
      case 'if': {
        const bad = arity(3);
        if (bad) return bad;
        const cond = this.evaluate(e.args[0]!);
        if (!cond.ok) return cond;
        if (typeof cond.value !== 'boolean') return this.unresolved(e, `the condition of if() is ${typeName(cond.value)}, not a boolean`);
        return this.evaluate(e.args[cond.value ? 1 : 2]!);
      }
      case 'equals': {
        const got = argValues(2);
        if ('failed' in got) return got.failed;
        const [a, b] = got.values;
        return ok(JSON.stringify(a) === JSON.stringify(b));
      }
      case 'not': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        if (!arg.ok) return arg;
        if (typeof arg.value !== 'boolean') return this.unresolved(e, `not() needs a boolean, got ${typeName(arg.value)}`);
        return ok(!arg.value);
      }
      case 'and':
      case 'or': {
        if (e.args.length < 2) return this.unresolved(e, `${e.name}() needs at least two arguments`);
        for (const a of e.args) {
          const v = this.evaluate(a);
          if (!v.ok) return v;
          if (typeof v.value !== 'boolean') return this.unresolved(e, `${e.name}() needs booleans, got ${typeName(v.value)}`);
          if (name === 'and' && !v.value) return ok(false);
          if (name === 'or' && v.value) return ok(true);
        }
        return ok(name === 'and');
      }
      case 'true':
      case 'false':
        return arity(0) ?? ok(name === 'true');
      case 'null':
        return arity(0) ?? ok(null);
      case 'empty': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        if (!arg.ok) return arg;
        const v = arg.value;
        return ok(v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0));
      }
      case 'coalesce': {
        for (const a of e.args) {
          const v = this.evaluate(a);
          if (!v.ok) return v;
          if (v.value !== null) return v;
        }
        return ok(null);
      }
      case 'createobject': {
        if (e.args.length % 2 !== 0) return this.unresolved(e, 'createObject() needs key, value pairs');
        const out: { [key: string]: Json } = {};
        for (let i = 0; i < e.args.length; i += 2) {
          const key = this.evaluate(e.args[i]!);
          if (!key.ok) return key;
          if (typeof key.value !== 'string') return this.unresolved(e, 'createObject() keys must be strings');
          const value = this.evaluate(e.args[i + 1]!);
          if (!value.ok) return value;
          out[key.value] = value.value;
        }
        return ok(out);
      }
      case 'createarray': {
        const got = argValues(0, Infinity);
        return 'failed' in got ? got.failed : ok(got.values);
      }
      case 'tryget': {
        if (e.args.length < 2) return this.unresolved(e, 'tryGet() needs an object and a key');
        let current = this.evaluate(e.args[0]!);
        for (const keyExpr of e.args.slice(1)) {
          if (!current.ok) return current;
          const key = this.evaluate(keyExpr);
          if (!key.ok) return key;
          const v = current.value;
          if (isObject(v) && typeof key.value === 'string') current = ok(getProperty(v, key.value) ?? null);
          else if (Array.isArray(v) && typeof key.value === 'number') current = ok(v[key.value] ?? null);
          else current = ok(null);
        }
        return current;
      }
      case 'bool': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        if (!arg.ok) return arg;
        if (typeof arg.value === 'boolean') return arg;
        if (typeof arg.value === 'string' && /^(true|false)$/i.test(arg.value)) return ok(arg.value.toLowerCase() === 'true');
        if (typeof arg.value === 'number') return ok(arg.value !== 0);
        return this.unresolved(e, `bool() cannot convert ${typeName(arg.value)}`);
      }
      case 'int': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        if (!arg.ok) return arg;
        const n = typeof arg.value === 'number' ? arg.value : typeof arg.value === 'string' ? Number(arg.value) : NaN;
        return Number.isInteger(n) ? ok(n) : this.unresolved(e, `int() cannot convert ${JSON.stringify(arg.value)}`);
      }
      case 'length': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        if (!arg.ok) return arg;
        const v = arg.value;
        if (typeof v === 'string' || Array.isArray(v)) return ok(v.length);
        if (isObject(v)) return ok(Object.keys(v).length);
        return this.unresolved(e, `length() needs a string, array or object, got ${typeName(v)}`);
      }
      case 'split': {
        const got = argValues(2);
        if ('failed' in got) return got.failed;
        const [s, sep] = got.values;
        if (typeof s !== 'string') return this.unresolved(e, 'split() needs a string');
        const seps = typeof sep === 'string' ? [sep] : Array.isArray(sep) ? sep.filter((x): x is string => typeof x === 'string') : [];
        if (seps.length === 0) return this.unresolved(e, 'split() needs a delimiter');
        let parts = [s];
        for (const d of seps) parts = parts.flatMap((p) => p.split(d));
        return ok(parts);
      }
      case 'first':
      case 'last': {
        const bad = arity(1);
        if (bad) return bad;
        const arg = this.evaluate(e.args[0]!);
        if (!arg.ok) return arg;
        const v = arg.value;
        if (typeof v === 'string') return ok(name === 'first' ? v.slice(0, 1) : v.slice(-1));
        if (Array.isArray(v)) return ok((name === 'first' ? v[0] : v[v.length - 1]) ?? null);
        return this.unresolved(e, `${e.name}() needs a string or an array`);
      }
      case 'contains':
      case 'startswith':
      case 'endswith': {
        const got = argValues(2);
        if ('failed' in got) return got.failed;
        const [container, item] = got.values;
        if (name === 'contains') {
          if (typeof container === 'string' && typeof item === 'string') return ok(container.toLowerCase().includes(item.toLowerCase()));
          if (Array.isArray(container)) return ok(container.some((x) => JSON.stringify(x) === JSON.stringify(item)));
          if (isObject(container) && typeof item === 'string') return ok(getProperty(container, item) !== undefined);
          return this.unresolved(e, 'contains() needs a string, array or object');
        }
        if (typeof container !== 'string' || typeof item !== 'string') return this.unresolved(e, `${e.name}() needs two strings`);
        const [a, b] = [container.toLowerCase(), item.toLowerCase()];
        return ok(name === 'startswith' ? a.startsWith(b) : a.endsWith(b));
      }
      default:
        return this.unresolved(e, `function ${e.name}() is not evaluated by synaml (it evaluates ${SUPPORTED_FUNCTIONS.join(', ')})`);
    }
  }

  /** concat()/format() of strings: unresolved pieces keep the rest readable in `partial`. */
  private joinStrings(e: Expr, parts: Array<{ value?: string; partial: string; failed?: Evaluated }>): Evaluated {
    const failed = parts.find((p) => p.failed)?.failed;
    if (!failed) return ok(parts.map((p) => p.value ?? '').join(''));
    return { ...(failed as Extract<Evaluated, { ok: false }>), partial: parts.map((p) => p.partial).join('') };
  }

  private deploymentSubscription(e: Expr, partial?: string): Evaluated {
    return this.unresolved(e, "the deployment's subscription is known only when the template is deployed", 'the subscription ID (--subscription-id)', partial);
  }

  private deploymentResourceGroup(e: Expr, partial?: string): Evaluated {
    return this.unresolved(e, "the deployment's resource group is known only when the template is deployed", 'the resource group name (--resource-group)', partial);
  }

  /** resourceId([subscriptionId], [resourceGroupName], type, name1, [name2, ...]) and its subscription/tenant forms. */
  private resourceId(e: Extract<Expr, { kind: 'call' }>, name: string): Evaluated {
    const args = this.args(e);
    const pieces = args.map((a, i) => this.piece(a, e.args[i]!));
    // The type is the first argument with a slash (Microsoft.X/y); subscription IDs and resource group names have none.
    const typeIndex = pieces.findIndex((p) => p.value !== undefined && p.value.includes('/'));
    if (typeIndex < 0) {
      const failed = this.firstFailure(args);
      return failed ?? this.unresolved(e, `${e.name}() has no resource type (Namespace/type)`);
    }
    const [namespace, ...types] = pieces[typeIndex]!.value!.split('/');
    const names = pieces.slice(typeIndex + 1);
    if (types.length === 0 || names.length !== types.length) {
      return this.unresolved(e, `${e.name}(): type ${pieces[typeIndex]!.value} needs ${types.length} name${types.length === 1 ? '' : 's'}, got ${names.length}`);
    }
    const scopePieces = pieces.slice(0, typeIndex);
    const limit = name === 'resourceid' ? 2 : name === 'subscriptionresourceid' ? 1 : 0;
    if (scopePieces.length > limit) return this.unresolved(e, `${e.name}() takes at most ${limit} scope argument${limit === 1 ? '' : 's'} before the type`);
    const ctx = this.scope.context;
    let sub: { partial: string; failed?: Evaluated } | undefined;
    let rg: { partial: string; failed?: Evaluated } | undefined;
    if (name === 'resourceid') {
      if (scopePieces.length === 2) [sub, rg] = scopePieces;
      else {
        sub = ctx.subscriptionId !== undefined ? { partial: ctx.subscriptionId } : { partial: '{subscription().subscriptionId}', failed: this.deploymentSubscription(e) };
        rg = scopePieces.length === 1 ? scopePieces[0] : ctx.resourceGroup !== undefined ? { partial: ctx.resourceGroup } : { partial: '{resourceGroup().name}', failed: this.deploymentResourceGroup(e) };
      }
    } else if (name === 'subscriptionresourceid') {
      sub = scopePieces[0] ?? (ctx.subscriptionId !== undefined ? { partial: ctx.subscriptionId } : { partial: '{subscription().subscriptionId}', failed: this.deploymentSubscription(e) });
    }
    const path = `providers/${namespace}/${types.map((t, i) => `${t}/${names[i]!.partial}`).join('/')}`;
    const prefix = sub ? `/subscriptions/${sub.partial}${rg ? `/resourceGroups/${rg.partial}` : ''}/` : '/';
    const text = `${prefix}${path}`;
    const failed = [sub, rg, ...names].find((p) => p?.failed)?.failed;
    if (!failed) return ok(text);
    return { ...(failed as Extract<Evaluated, { ok: false }>), partial: text };
  }
}

/** Evaluates a parsed expression. `source` is the text it was parsed from (for messages). */
export function evaluateExpression(expr: Expr, source: string, scope: EvaluationScope): Evaluated {
  return new Evaluator(source, scope).evaluate(expr);
}

/**
 * Evaluates a template string: a literal, the `[[` escape (a literal starting with `[`), or a bracketed expression.
 * A syntax error is unresolved, naming the expression.
 */
export function evaluateTemplateString(text: string, scope: EvaluationScope): Evaluated {
  if (!isExpressionString(text)) return ok(text.startsWith('[[') ? text.slice(1) : text);
  const trimmed = text.trim();
  const inner = trimmed.slice(1, -1);
  let expr: Expr;
  try {
    expr = parseExpression(inner);
  } catch (error) {
    const detail = error instanceof ExpressionSyntaxError ? `${error.message} at character ${error.offset + 2}` : String(error);
    return { ok: false, unresolved: { expression: trimmed, reason: `not a valid template expression: ${detail}` } };
  }
  return evaluateExpression(expr, inner, scope);
}

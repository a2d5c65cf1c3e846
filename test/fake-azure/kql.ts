// A strict KQL subset for the fake Resource Graph: enough for synaml's collectors, nothing that could hide a bad query.
//
// The fake must not accept a query it does not understand: a collector that works here has to work against Azure.
// So anything outside the grammar below is rejected with a KqlError (the server turns it into HTTP 400), including
// valid KQL that the fake could not evaluate faithfully. `limit`, `take`, `top` and `summarize` are rejected on
// purpose: they disable Resource Graph's `$skipToken` paging, which synaml must not do.
//
//   query     := table ( '|' 'where' expr )* [ '|' 'project' column ( ',' column )* ] [ '|' 'order' 'by' 'id' 'asc' ]
//   table     := resources | authorizationresources | resourcecontainers | policyresources | resourcechanges
//                (case-insensitive, as in ARG)
//   expr      := and-expr ( 'or' and-expr )*
//   and-expr  := unary ( 'and' unary )*
//   unary     := 'not' '(' expr ')' | '(' expr ')' | 'isnotempty' '(' value ')' | predicate
//   predicate := value ( '=~' | '==' | '!=' | 'startswith' | 'contains' | 'has' ) string
//              | value ( 'in' | 'in~' ) '(' string ( ',' string )* ')'
//   value     := column | 'tolower' '(' value ')' | 'tostring' '(' column path ')'
//   path      := ( '.' identifier | '[' string ']' )*         (only on the dynamic columns identity, properties, sku, tags)
//   string    := '…' | "…" with KQL backslash escapes, or verbatim @'…' / @"…" (a doubled quote is a quote)
//
// Keywords, operators and column names are case-sensitive, as in KQL. `// comments` are allowed.
// Semantics follow KQL: `==`, `!=`, `in` are case-sensitive; `=~`, `in~`, `startswith`, `contains`, `has` are not;
// `has` matches whole terms; `tostring()` of a missing value is '' and of an object is its compact JSON.

export class KqlError extends Error {
  constructor(detail: string) {
    super(`fake-azure: unsupported KQL: ${detail}`);
    this.name = 'KqlError';
  }
}

export const TABLES = ['resources', 'authorizationresources', 'resourcecontainers', 'policyresources', 'resourcechanges'] as const;
export type TableName = (typeof TABLES)[number];

export const COLUMNS = [
  'id',
  'name',
  'type',
  'subscriptionId',
  'resourceGroup',
  'location',
  'identity',
  'properties',
  'tenantId',
  'kind',
  'sku',
  'tags',
] as const;
export type Column = (typeof COLUMNS)[number];

/** Columns of KQL type `dynamic`: comparing them needs `tostring()`, as KQL's type checker would insist. */
const DYNAMIC_COLUMNS: ReadonlySet<Column> = new Set<Column>(['identity', 'properties', 'sku', 'tags']);

export type Row = Record<string, unknown>;

export type ValueExpr =
  | { kind: 'column'; column: Column; path: string[] }
  | { kind: 'tostring'; arg: ValueExpr }
  | { kind: 'tolower'; arg: ValueExpr };

export type CompareOp = '=~' | '==' | '!=' | 'startswith' | 'contains' | 'has';

export type Predicate =
  | { kind: 'compare'; op: CompareOp; left: ValueExpr; right: string }
  | { kind: 'in'; caseInsensitive: boolean; left: ValueExpr; values: string[] }
  | { kind: 'isnotempty'; arg: ValueExpr }
  | { kind: 'and' | 'or'; left: Predicate; right: Predicate }
  | { kind: 'not'; expr: Predicate };

export interface KqlQuery {
  table: TableName;
  where: Predicate[];
  /** Projected columns in order, or undefined when every column is returned. */
  project?: Column[];
  /** True when the query ends with `order by id asc` (the fake always returns rows ordered by id anyway). */
  orderById: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Lexer

type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'eof';
interface Token {
  kind: TokenKind;
  /** Identifier or operator text; for strings, the decoded value. */
  text: string;
  start: number;
  end: number;
}

const TWO_CHAR_OPS = ['==', '=~', '!=', '!~', '<=', '>=', '<>', '=>'];
const ONE_CHAR_OPS = '|(),.[];=!~<>+-*/%:{}';

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (c === '@' && (src[i + 1] === "'" || src[i + 1] === '"')) {
      const quote = src[i + 1]!;
      let value = '';
      i += 2;
      for (;;) {
        if (i >= src.length) throw new KqlError(`unterminated string literal at offset ${start}`);
        if (src[i] === quote) {
          if (src[i + 1] === quote) {
            value += quote;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += src[i];
        i++;
      }
      tokens.push({ kind: 'string', text: value, start, end: i });
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') throw new KqlError(`unterminated string literal at offset ${start}`);
        const ch = src[i]!;
        if (ch === c) {
          i++;
          break;
        }
        if (ch === '\\') {
          const next = src[i + 1];
          const simple: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r' };
          if (next !== undefined && next in simple) {
            value += simple[next];
            i += 2;
            continue;
          }
          if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          throw new KqlError(`unknown escape sequence \\${next ?? ''} at offset ${i}`);
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'string', text: value, start, end: i });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      // Operator names such as `project-away` and `mv-expand` contain a hyphen: lex them whole so they can be named
      // in the rejection message.
      const m = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0], start, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9A-Za-z_.]*/.exec(src.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], start, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (TWO_CHAR_OPS.includes(two)) {
      tokens.push({ kind: 'op', text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.includes(c)) {
      tokens.push({ kind: 'op', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    throw new KqlError(`unexpected character '${c}' at offset ${i}`);
  }
  tokens.push({ kind: 'eof', text: '', start: src.length, end: src.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser

/** Tabular operators that stop paging: each gets a reason in the rejection message. */
const PAGING_BREAKERS: Record<string, string> = {
  limit: '`limit` caps the result and disables $skipToken paging; page with options.$top / $skipToken instead',
  take: '`take` caps the result and disables $skipToken paging; page with options.$top / $skipToken instead',
  top: '`top` caps the result and disables $skipToken paging; page with options.$top / $skipToken instead',
  summarize: '`summarize` aggregates rows (no id column), which disables $skipToken paging',
  count: '`count` aggregates rows (no id column), which disables $skipToken paging',
  distinct: '`distinct` drops the id column, which disables $skipToken paging',
};

const COMPARE_OPS: ReadonlySet<string> = new Set(['=~', '==', '!=']);
const WORD_OPS: ReadonlySet<string> = new Set(['startswith', 'contains', 'has']);
/** Well-known KQL string operators outside the subset, named so the rejection message is useful. */
const KNOWN_UNSUPPORTED_OPS: ReadonlySet<string> = new Set([
  'has_cs', 'hasprefix', 'hassuffix', 'has_any', 'has_all', 'contains_cs', 'startswith_cs', 'endswith', 'endswith_cs',
  'matches', 'like', 'notcontains', 'notlike', 'between', 'in_cs', 'has_any_cs',
]);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === text;
  }
  private isIdent(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text === text;
  }
  private expectOp(text: string, context: string): void {
    if (!this.isOp(text)) throw new KqlError(`expected '${text}' ${context}, found ${describe(this.peek())}`);
    this.next();
  }

  parseQuery(): KqlQuery {
    const first = this.next();
    if (first.kind !== 'ident') throw new KqlError(`a query must start with a table name, found ${describe(first)}`);
    if (first.text.toLowerCase() === 'let') throw new KqlError('`let` statements');
    const table = TABLES.find((t) => t === first.text.toLowerCase());
    if (!table) throw new KqlError(`table '${first.text}' (supported: ${TABLES.join(', ')})`);

    const query: KqlQuery = { table, where: [], orderById: false };
    // Stages enforce the subset's fixed order: where* then project? then order by id asc?
    let stage: 'where' | 'project' | 'order' = 'where';
    while (this.isOp('|')) {
      this.next();
      const op = this.next();
      if (op.kind !== 'ident') throw new KqlError(`expected a tabular operator after '|', found ${describe(op)}`);
      const breaker = PAGING_BREAKERS[op.text];
      if (breaker) throw new KqlError(breaker);
      switch (op.text) {
        case 'where':
          if (stage !== 'where') throw new KqlError('`where` after `project` or `order by` (put every where first)');
          query.where.push(this.parseExpr());
          break;
        case 'project':
          if (stage !== 'where') throw new KqlError('a second `project`, or `project` after `order by`');
          query.project = this.parseProjectList();
          stage = 'project';
          break;
        case 'order':
          if (stage === 'order') throw new KqlError('a second `order by`');
          this.parseOrderBy();
          query.orderById = true;
          stage = 'order';
          break;
        case 'sort':
          throw new KqlError('`sort by` (the subset spells it `order by id asc`)');
        default:
          throw new KqlError(`tabular operator \`${op.text}\``);
      }
    }
    const rest = this.peek();
    if (rest.kind !== 'eof') {
      if (rest.kind === 'op' && rest.text === ';') throw new KqlError('multiple statements');
      throw new KqlError(`unexpected ${describe(rest)} at offset ${rest.start}`);
    }
    return query;
  }

  private parseProjectList(): Column[] {
    const columns: Column[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind !== 'ident') throw new KqlError(`expected a column name in project, found ${describe(t)}`);
      if (this.isOp('=')) throw new KqlError('computed or renamed columns in `project`');
      const column = asColumn(t.text);
      if (this.isOp('.') || this.isOp('[') || this.isOp('(')) throw new KqlError('expressions in `project` (only plain column names)');
      if (columns.includes(column)) throw new KqlError(`column '${column}' projected twice`);
      columns.push(column);
      if (!this.isOp(',')) break;
      this.next();
    }
    return columns;
  }

  private parseOrderBy(): void {
    if (!this.isIdent('by')) throw new KqlError(`expected 'by' after 'order', found ${describe(this.peek())}`);
    this.next();
    const col = this.next();
    if (col.kind !== 'ident' || col.text !== 'id') throw new KqlError(`order by ${describe(col)} (only \`order by id asc\`, the order paging uses)`);
    const dir = this.peek();
    if (dir.kind === 'ident' && dir.text === 'asc') {
      this.next();
    } else if (dir.kind === 'ident' && dir.text === 'desc') {
      throw new KqlError('`order by id desc` (only `order by id asc`, the order paging uses)');
    } else {
      // KQL's default sort order is descending, so a bare `order by id` is not the ascending order a reader expects.
      throw new KqlError('`order by id` without `asc` (KQL sorts descending by default; write `order by id asc`)');
    }
    if (this.isOp(',')) throw new KqlError('ordering by more than one column');
  }

  private parseExpr(): Predicate {
    let left = this.parseAnd();
    while (this.isIdent('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Predicate {
    let left = this.parseUnary();
    while (this.isIdent('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Predicate {
    if (this.isIdent('not')) {
      if (!this.isOp('(', 1)) throw new KqlError('`not` must be called as a function: not(<expr>)');
      this.next();
      this.next();
      const expr = this.parseExpr();
      this.expectOp(')', 'to close not(');
      return { kind: 'not', expr };
    }
    if (this.isOp('(')) {
      this.next();
      const expr = this.parseExpr();
      this.expectOp(')', 'to close a parenthesised expression');
      return expr;
    }
    if (this.isIdent('isnotempty') && this.isOp('(', 1)) {
      this.next();
      this.next();
      const arg = this.parseValue({ allowDynamic: true });
      this.expectOp(')', 'to close isnotempty(');
      return { kind: 'isnotempty', arg };
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Predicate {
    const left = this.parseValue({ allowDynamic: false });
    const op = this.peek();
    if (op.kind === 'op' && COMPARE_OPS.has(op.text)) {
      this.next();
      return { kind: 'compare', op: op.text as CompareOp, left, right: this.parseString(op.text) };
    }
    if (op.kind === 'ident' && WORD_OPS.has(op.text)) {
      this.next();
      return { kind: 'compare', op: op.text as CompareOp, left, right: this.parseString(op.text) };
    }
    if (op.kind === 'ident' && op.text === 'in') {
      this.next();
      let caseInsensitive = false;
      const tilde = this.peek();
      if (tilde.kind === 'op' && tilde.text === '~' && tilde.start === op.end) {
        this.next();
        caseInsensitive = true;
      }
      const name = caseInsensitive ? 'in~' : 'in';
      this.expectOp('(', `after ${name}`);
      const values = [this.parseString(name)];
      while (this.isOp(',')) {
        this.next();
        values.push(this.parseString(name));
      }
      this.expectOp(')', `to close the ${name} list`);
      return { kind: 'in', caseInsensitive, left, values };
    }
    if (op.kind === 'op' && op.text === '!~') throw new KqlError('operator `!~`');
    if (op.kind === 'op' && op.text === '!') {
      const negated = this.peek(1);
      throw new KqlError(`negated operator \`!${negated.kind === 'ident' ? negated.text : ''}\` (write not(...))`);
    }
    if (op.kind === 'ident' && KNOWN_UNSUPPORTED_OPS.has(op.text)) throw new KqlError(`operator \`${op.text}\``);
    if (op.kind === 'op' && ['<', '>', '<=', '>=', '<>', '='].includes(op.text)) throw new KqlError(`operator \`${op.text}\``);
    throw new KqlError(`expected a comparison operator, found ${describe(op)} at offset ${op.start}`);
  }

  /** A value expression. Dynamic columns must be wrapped in tostring(), except directly inside isnotempty(). */
  private parseValue(o: { allowDynamic: boolean }): ValueExpr {
    const t = this.next();
    if (t.kind === 'string') throw new KqlError('a string literal on the left of a comparison (write <column> <op> <literal>)');
    if (t.kind !== 'ident') throw new KqlError(`expected a column or function, found ${describe(t)}`);
    if (this.isOp('(')) {
      this.next();
      let arg: ValueExpr;
      if (t.text === 'tolower') {
        arg = this.parseValue({ allowDynamic: false });
      } else if (t.text === 'tostring') {
        arg = this.parseColumnPath();
      } else {
        throw new KqlError(`function \`${t.text}()\``);
      }
      this.expectOp(')', `to close ${t.text}(`);
      return t.text === 'tolower' ? { kind: 'tolower', arg } : { kind: 'tostring', arg };
    }
    this.pos--;
    const value = this.parseColumnPath();
    if (value.kind === 'column' && (DYNAMIC_COLUMNS.has(value.column) || value.path.length > 0) && !o.allowDynamic) {
      throw new KqlError(`dynamic value \`${render(value)}\` used directly (wrap it in tostring(...))`);
    }
    return value;
  }

  private parseColumnPath(): ValueExpr {
    const t = this.next();
    if (t.kind !== 'ident') throw new KqlError(`expected a column name, found ${describe(t)}`);
    const column = asColumn(t.text);
    const path: string[] = [];
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const seg = this.next();
        if (seg.kind !== 'ident') throw new KqlError(`expected a property name after '.', found ${describe(seg)}`);
        path.push(seg.text);
      } else if (this.isOp('[')) {
        this.next();
        const seg = this.next();
        if (seg.kind === 'number') throw new KqlError('array indexing');
        if (seg.kind !== 'string') throw new KqlError(`expected a quoted property name inside [...], found ${describe(seg)}`);
        path.push(seg.text);
        this.expectOp(']', 'to close [');
      } else {
        break;
      }
    }
    if (path.length > 0 && !DYNAMIC_COLUMNS.has(column)) throw new KqlError(`property access on string column '${column}'`);
    return { kind: 'column', column, path };
  }

  private parseString(after: string): string {
    const t = this.next();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') throw new KqlError(`non-string literal ${t.text} after ${after} (only string literals)`);
    if (t.kind === 'ident' && ['true', 'false', 'dynamic', 'datetime', 'guid', 'int', 'long', 'real', 'bool'].includes(t.text)) {
      throw new KqlError(`non-string literal ${t.text} after ${after} (only string literals)`);
    }
    throw new KqlError(`expected a string literal after ${after}, found ${describe(t)}`);
  }
}

function asColumn(text: string): Column {
  const column = COLUMNS.find((c) => c === text);
  if (column) return column;
  const caseless = COLUMNS.find((c) => c.toLowerCase() === text.toLowerCase());
  if (caseless) throw new KqlError(`column '${text}' (KQL column names are case-sensitive: '${caseless}')`);
  throw new KqlError(`column '${text}' (supported: ${COLUMNS.join(', ')})`);
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of query';
    case 'string':
      return `string '${t.text}'`;
    default:
      return `'${t.text}'`;
  }
}

function render(v: ValueExpr): string {
  if (v.kind === 'column') return [v.column, ...v.path].join('.');
  return `${v.kind}(${render(v.arg)})`;
}

/** Parses a query in the subset; throws KqlError (message `fake-azure: unsupported KQL: …`) for anything else. */
export function parseKql(text: string): KqlQuery {
  if (typeof text !== 'string' || text.trim() === '') throw new KqlError('empty query');
  return new Parser(tokenize(text)).parseQuery();
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

/**
 * The value of a column as Resource Graph would return it. Every ARG row has every column; snapshot rows may omit
 * `subscriptionId` / `resourceGroup` (e.g. role assignments built from ARM bodies), so those are derived from `id`
 * the way ARG fills them.
 */
export function columnValue(row: Row, column: Column): unknown {
  const v = row[column];
  if (v !== undefined && v !== null) return v;
  const id = typeof row.id === 'string' ? row.id : '';
  if (column === 'subscriptionId') return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? '';
  if (column === 'resourceGroup') return /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? '';
  return DYNAMIC_COLUMNS.has(column) ? null : '';
}

/** KQL tostring(): '' for null, the text for scalars, compact JSON for objects and arrays. */
export function kqlToString(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function evalValue(v: ValueExpr, row: Row): unknown {
  switch (v.kind) {
    case 'column': {
      let cur: unknown = columnValue(row, v.column);
      for (const seg of v.path) {
        // Dynamic property access: a missing property (or access on a non-object) is null, never an error.
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return null;
        cur = (cur as Record<string, unknown>)[seg];
      }
      return cur ?? null;
    }
    case 'tostring':
      return kqlToString(evalValue(v.arg, row));
    case 'tolower':
      return kqlToString(evalValue(v.arg, row)).toLowerCase();
  }
}

const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** KQL `has`: the needle occurs as a whole term, i.e. not glued to letters or digits on either side. */
function hasTerm(haystack: string, needle: string): boolean {
  const h = haystack.toLowerCase();
  const n = needle.toLowerCase();
  if (n === '') return true;
  for (let i = h.indexOf(n); i !== -1; i = h.indexOf(n, i + 1)) {
    const before = i === 0 || !isAlnum(h[i - 1]) || !isAlnum(n[0]);
    const after = i + n.length === h.length || !isAlnum(h[i + n.length]) || !isAlnum(n[n.length - 1]);
    if (before && after) return true;
  }
  return false;
}

// Speed for large estates (the scale benchmark: 60,000 rows, lists of thousands of IDs), with the same semantics:
// an `in` list is looked up in a Set, and an `or` of many `startswith` on the same value checks a set of prefixes
// instead of each disjunct in turn. Both are compiled once per parsed predicate.

const inSets = new WeakMap<Predicate, Set<string>>();

function inSet(p: Extract<Predicate, { kind: 'in' }>): Set<string> {
  let set = inSets.get(p);
  if (!set) {
    set = new Set(p.caseInsensitive ? p.values.map((x) => x.toLowerCase()) : p.values);
    inSets.set(p, set);
  }
  return set;
}

type RowTest = (row: Row) => boolean;
const compiledOrs = new WeakMap<Predicate, RowTest>();

/** An `or` tree as: the `startswith` disjuncts grouped by their left-hand value (one prefix set each), then the rest. */
function compileOr(p: Predicate): RowTest {
  const disjuncts: Predicate[] = [];
  const walk = (q: Predicate): void => {
    if (q.kind !== 'or') {
      disjuncts.push(q);
      return;
    }
    walk(q.left);
    walk(q.right);
  };
  walk(p);
  const groups = new Map<string, { left: ValueExpr; prefixes: Set<string>; lengths: Set<number> }>();
  const rest: Predicate[] = [];
  for (const d of disjuncts) {
    if (d.kind !== 'compare' || d.op !== 'startswith') {
      rest.push(d);
      continue;
    }
    const key = JSON.stringify(d.left);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { left: d.left, prefixes: new Set(), lengths: new Set() }));
    const prefix = d.right.toLowerCase();
    group.prefixes.add(prefix);
    group.lengths.add(prefix.length);
  }
  const prefixGroups = [...groups.values()].map((g) => ({ ...g, lengths: [...g.lengths] }));
  return (row) => {
    for (const g of prefixGroups) {
      const value = kqlToString(evalValue(g.left, row)).toLowerCase();
      for (const length of g.lengths) if (length <= value.length && g.prefixes.has(value.slice(0, length))) return true;
    }
    return rest.some((d) => evalPredicate(d, row));
  };
}

export function evalPredicate(p: Predicate, row: Row): boolean {
  switch (p.kind) {
    case 'and':
      return evalPredicate(p.left, row) && evalPredicate(p.right, row);
    case 'or': {
      let test = compiledOrs.get(p);
      if (!test) compiledOrs.set(p, (test = compileOr(p)));
      return test(row);
    }
    case 'not':
      return !evalPredicate(p.expr, row);
    case 'isnotempty': {
      const v = evalValue(p.arg, row);
      return v !== null && v !== undefined && v !== '';
    }
    case 'in': {
      const left = kqlToString(evalValue(p.left, row));
      return inSet(p).has(p.caseInsensitive ? left.toLowerCase() : left);
    }
    case 'compare': {
      const left = kqlToString(evalValue(p.left, row));
      switch (p.op) {
        case '==':
          return left === p.right;
        case '!=':
          return left !== p.right;
        case '=~':
          return left.toLowerCase() === p.right.toLowerCase();
        case 'startswith':
          return left.toLowerCase().startsWith(p.right.toLowerCase());
        case 'contains':
          return left.toLowerCase().includes(p.right.toLowerCase());
        case 'has':
          return hasTerm(left, p.right);
      }
    }
  }
}

/** Resource Graph pages in a stable order by id; ordinal on the lower-cased id, ties broken on the raw id. */
export function compareById(a: Row, b: Row): number {
  const ia = kqlToString(a.id);
  const ib = kqlToString(b.id);
  const la = ia.toLowerCase();
  const lb = ib.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** The rows a parsed query keeps, ordered by id; the rows themselves (not copies). */
export function filterKql(query: KqlQuery, rows: readonly Row[]): Row[] {
  const kept = rows.filter((row) => query.where.every((p) => evalPredicate(p, row)));
  // compareById's order, with each id lower-cased once rather than on every comparison.
  const keyed = kept.map((row) => {
    const id = kqlToString(row.id);
    return { row, id, lower: id.toLowerCase() };
  });
  keyed.sort((a, b) => (a.lower !== b.lower ? (a.lower < b.lower ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.row);
}

/** Runs a parsed query over rows: filters, orders by id, projects. Rows are not mutated. */
export function evaluateKql(query: KqlQuery, rows: readonly Row[]): Row[] {
  return projectKql(query, filterKql(query, rows));
}

/**
 * The projection of kept rows, with only the projected columns when the query projects: copies, unless `copy` is
 * false (for an answer serialised at once, where sharing the estate's values is safe).
 */
export function projectKql(query: KqlQuery, kept: readonly Row[], o: { copy?: boolean } = {}): Row[] {
  const copy = o.copy === false ? <T>(v: T) => v : <T>(v: T) => structuredClone(v);
  if (!query.project) return kept.map((row) => (o.copy === false ? { ...row } : structuredClone(row)));
  const columns = query.project;
  return kept.map((row) => {
    const out: Row = {};
    for (const c of columns) out[c] = copy(columnValue(row, c));
    return out;
  });
}

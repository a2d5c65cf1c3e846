// Microsoft's Kusto parser (@kusto/language-service-next, a Bridge.NET build that installs globals), with the five
// Resource Graph tables synaml queries declared so that unknown columns and type errors are diagnosed too.
import { createRequire } from 'node:module';

export interface KustoDiagnostic {
  severity: string;
  message: string;
  start: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
let globals: any;
let kusto: any;

/** Columns Resource Graph documents for its tables (all five share the resource schema). */
const ARG_COLUMNS: Array<[string, 'string' | 'dynamic']> = [
  ['id', 'string'],
  ['name', 'string'],
  ['type', 'string'],
  ['tenantId', 'string'],
  ['kind', 'string'],
  ['location', 'string'],
  ['resourceGroup', 'string'],
  ['subscriptionId', 'string'],
  ['managedBy', 'string'],
  ['sku', 'dynamic'],
  ['plan', 'dynamic'],
  ['properties', 'dynamic'],
  ['tags', 'dynamic'],
  ['identity', 'dynamic'],
  ['zones', 'dynamic'],
  ['extendedLocation', 'dynamic'],
];

function load(): void {
  if (globals) return;
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  kusto = (globalThis as any).Kusto;
  const S = kusto.Language.Symbols;
  const columns = () => ARG_COLUMNS.map(([name, type]) => new S.ColumnSymbol(name, type === 'dynamic' ? S.ScalarTypes.Dynamic : S.ScalarTypes.String));
  const tables = ['resources', 'authorizationresources', 'resourcecontainers', 'policyresources', 'resourcechanges'].map((name) => new S.TableSymbol.$ctor4(name, columns()));
  globals = kusto.Language.GlobalState.Default.WithDatabase(new S.DatabaseSymbol.ctor('resourcegraph', tables));
}

/** Every diagnostic the Kusto parser and binder report for `query` against the Resource Graph schema. */
export function kustoDiagnostics(query: string): KustoDiagnostic[] {
  load();
  const code = kusto.Language.KustoCode.ParseAndAnalyze(query, globals);
  const list = code.GetDiagnostics();
  const out: KustoDiagnostic[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    out.push({ severity: String(d.Severity), message: String(d.Message), start: Number(d.Start) });
  }
  return out;
}

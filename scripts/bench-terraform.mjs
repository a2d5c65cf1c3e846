// The Terraform plan benchmark: `synaml check-template` over a generated `terraform show -json` plan of N integrations
// (default 2,000: a module instance per integration with ten resources each, about 20,000 resources), timed as the CLI
// runs in CI, against bare `node -e 0` measured in the same run, with the CLI's peak RSS. Targets: <= 3 s, <= 400 MiB.
//
//   npm run bench -- --only terraform      (or: npm run build && node scripts/bench-terraform.mjs [--integrations n] [--runs n])
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './bench-kit.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'synaml-bench');
export const TERRAFORM_TARGETS = { seconds: 3, rssMiB: 400 };

const AZURERM = 'registry.terraform.io/hashicorp/azurerm';
const SUB = '11111111-2222-4333-8444-555555555555';

/** One module instance's planned resources: what a platform team's "integration" module creates. */
function integration(i) {
  const key = `int${String(i).padStart(4, '0')}`;
  const m = `module.integration["${key}"]`;
  const ws = `syn-${key}`;
  const res = (type, name, values, unknown) => ({ address: `${m}.${type}.${name}`, type, name, values, unknown });
  const typeProperties = JSON.stringify({ subscriptionId: SUB, resourceGroupName: 'rg-ml', mlWorkspaceName: `aml-${key}`, authentication: 'MSI' });
  return {
    module: m,
    resources: [
      res('azurerm_synapse_workspace', 'this', {
        name: ws, resource_group_name: `rg-${key}`, location: 'westeurope', managed_virtual_network_enabled: true,
        data_exfiltration_protection_enabled: i % 10 === 0, public_network_access_enabled: true, sql_administrator_login: 'sqladminuser',
        storage_data_lake_gen2_filesystem_id: `https://st${key}.dfs.core.windows.net/synapse`, identity: [{ type: 'SystemAssigned', identity_ids: null }], tags: { team: key },
      }, { id: true, connectivity_endpoints: true, identity: [{ principal_id: true, tenant_id: true }] }),
      res('azurerm_synapse_spark_pool', 'ml', {
        name: 'mlpool', node_size_family: 'MemoryOptimized', node_size: 'Small', node_count: 3, spark_version: i % 3 === 0 ? '3.4' : '3.5', auto_pause: [], auto_scale: [],
      }, { id: true, synapse_workspace_id: true }),
      res('azurerm_synapse_integration_runtime_azure', 'managed', { name: 'ir-managed', location: 'AutoResolve', compute_type: 'General', core_count: 8, time_to_live_min: 0 }, { id: true, synapse_workspace_id: true }),
      res('azurerm_synapse_linked_service', 'aml', {
        name: 'AzureMLService1', type: 'AzureMLService', type_properties_json: typeProperties, integration_runtime: [{ name: 'ir-managed', parameters: null }],
      }, { id: true, synapse_workspace_id: true }),
      res('azurerm_synapse_managed_private_endpoint', 'aml', { name: 'synapse-to-aml', subresource_name: 'amlworkspace' }, { id: true, synapse_workspace_id: true, target_resource_id: true }),
      res('azurerm_synapse_role_assignment', 'spark_admin', { role_name: 'Synapse Administrator', principal_id: 'aaaaaaaa-0000-4000-8000-000000000001', principal_type: 'ServicePrincipal' }, { id: true, synapse_workspace_id: true }),
      res('azurerm_machine_learning_workspace', 'this', { name: `aml-${key}`, location: 'westeurope', resource_group_name: 'rg-ml', public_network_access_enabled: false }, { id: true, discovery_url: true, workspace_id: true }),
      res('azurerm_role_assignment', 'ls_contributor', { role_definition_name: 'Contributor', principal_type: 'ServicePrincipal' }, { id: true, scope: true, principal_id: true }),
      res('azurerm_private_endpoint', 'aml', { name: `pe-aml-${key}`, location: 'westeurope', resource_group_name: 'rg-network' }, { id: true, subnet_id: true }),
      res('azurerm_machine_learning_synapse_spark', 'attached', { name: 'attached-mlpool', location: 'westeurope', identity: [{ type: 'SystemAssigned', identity_ids: null }] }, { id: true, machine_learning_workspace_id: true, synapse_spark_pool_id: true }),
    ],
  };
}

const ref = (...references) => ({ references });
const toWs = ref('azurerm_synapse_workspace.this.id', 'azurerm_synapse_workspace.this');

/** The module's configuration: every child names its workspace through a reference, as real modules do. */
function moduleConfiguration() {
  const r = (type, name, expressions) => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_config_key: 'azurerm', expressions, schema_version: 0 });
  return {
    resources: [
      r('azurerm_synapse_workspace', 'this', { name: ref('var.name') }),
      r('azurerm_synapse_spark_pool', 'ml', { synapse_workspace_id: toWs }),
      r('azurerm_synapse_integration_runtime_azure', 'managed', { synapse_workspace_id: toWs }),
      r('azurerm_synapse_linked_service', 'aml', { synapse_workspace_id: toWs, integration_runtime: [{ name: ref('azurerm_synapse_integration_runtime_azure.managed.name', 'azurerm_synapse_integration_runtime_azure.managed') }] }),
      r('azurerm_synapse_managed_private_endpoint', 'aml', { synapse_workspace_id: toWs, target_resource_id: ref('azurerm_machine_learning_workspace.this.id', 'azurerm_machine_learning_workspace.this') }),
      r('azurerm_synapse_role_assignment', 'spark_admin', { synapse_workspace_id: toWs }),
      r('azurerm_machine_learning_workspace', 'this', {}),
      r('azurerm_role_assignment', 'ls_contributor', { scope: ref('azurerm_machine_learning_workspace.this.id', 'azurerm_machine_learning_workspace.this') }),
      r('azurerm_private_endpoint', 'aml', {}),
      r('azurerm_machine_learning_synapse_spark', 'attached', { synapse_spark_pool_id: ref('azurerm_synapse_spark_pool.ml.id', 'azurerm_synapse_spark_pool.ml') }),
    ],
    variables: { name: {} },
  };
}

/** A `terraform show -json` plan of `count` integrations, compact as Terraform writes it. */
export function generatePlan(count) {
  const modules = [];
  const changes = [];
  for (let i = 0; i < count; i++) {
    const { module, resources } = integration(i);
    modules.push({
      address: module,
      resources: resources.map((x) => ({ address: x.address, mode: 'managed', type: x.type, name: x.name, provider_name: AZURERM, schema_version: 0, values: x.values, sensitive_values: {} })),
    });
    for (const x of resources) {
      changes.push({
        address: x.address, module_address: module, mode: 'managed', type: x.type, name: x.name, provider_name: AZURERM,
        change: { actions: ['create'], before: null, after: x.values, after_unknown: x.unknown, before_sensitive: false, after_sensitive: {} },
      });
    }
  }
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { child_modules: modules } },
    resource_changes: changes,
    configuration: {
      provider_config: { azurerm: { name: 'azurerm', full_name: AZURERM } },
      root_module: { module_calls: { integration: { source: './modules/integration', for_each_expression: ref('local.integrations'), module: moduleConfiguration() } } },
    },
    timestamp: '2026-11-23T09:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  });
}

/** Wall time (ms) and peak RSS (KiB) of one command, the RSS from getrusage at the child's exit. */
function measure(args) {
  const rssFile = join(CACHE, `rss-tf-${process.pid}-${Date.now()}.txt`);
  const cpuHook = join(CACHE, 'rss-cpu-hook.mjs');
  writeFileSync(cpuHook, "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.SYNAML_BENCH_RSS_FILE, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1000}`); });\n");
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', `file://${cpuHook}`, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SYNAML_BENCH_RSS_FILE: rssFile }, maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.error || (child.status !== 0 && child.status !== 1 && child.status !== 3)) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.error?.message ?? child.stderr.slice(0, 2000)}`);
  const [rssKiB, cpuMs] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [NaN, NaN];
  rmSync(rssFile, { force: true });
  return { ms, rssKiB, cpuMs, status: child.status };
}

export function runTerraformBench({ integrations = 2000, runs = 3 } = {}) {
  mkdirSync(CACHE, { recursive: true });
  const plan = join(CACHE, `terraform-plan-${integrations}.json`);
  writeFileSync(plan, generatePlan(integrations));
  const resources = integrations * 10;
  const out = join(CACHE, 'terraform-out');
  const args = ['dist/bin/synaml.mjs', 'check-template', plan, '--now', '2026-11-23', '--format', 'json', '--output-dir', out, '--fail-on', 'never', '--quiet'];
  measure(args); // warm-up: file cache, V8 code cache
  const node = [];
  const check = [];
  const cpu = [];
  let rss = 0;
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    node.push(measure(['-e', '0']).ms);
    const m = measure(args);
    check.push(m.ms);
    cpu.push(m.cpuMs);
    rss = Math.max(rss, m.rssKiB);
    entries = JSON.parse(readFileSync(join(out, 'synaml.json'), 'utf8')).results.length;
  }
  rmSync(out, { recursive: true, force: true });
  const figures = {
    integrations,
    resources,
    planMiB: statSync(plan).size / 1024 / 1024,
    entries,
    nodeMs: median(node),
    checkMs: median(check),
    cpuMs: median(cpu),
    load: loadavg()[0],
    maxRssMiB: rss / 1024,
  };
  figures.ratio = figures.checkMs / figures.nodeMs;
  return figures;
}

export function terraformTable(f) {
  const ok = (b) => (b ? 'met' : '**missed**');
  return [
    `Terraform plan: ${f.integrations} integrations, ${f.resources} resources, ${f.planMiB.toFixed(1)} MiB of plan JSON, ${f.entries} rule evaluations`,
    '',
    '| measure | value | target | |',
    '|---|---|---|---|',
    `| check-template wall time (median) | ${(f.checkMs / 1000).toFixed(2)} s | ≤ ${TERRAFORM_TARGETS.seconds} s | ${ok(f.checkMs <= TERRAFORM_TARGETS.seconds * 1000)} |`,
    `| ratio to \`node -e 0\` (${f.nodeMs.toFixed(0)} ms, same run) | ${f.ratio.toFixed(1)}x | | |`,
    `| CPU time (user + system, median) | ${(f.cpuMs / 1000).toFixed(2)} s | | wall exceeds CPU when the machine is shared (load average ${f.load.toFixed(1)}) |`,
    `| peak RSS | ${f.maxRssMiB.toFixed(0)} MiB | ≤ ${TERRAFORM_TARGETS.rssMiB} MiB | ${ok(f.maxRssMiB <= TERRAFORM_TARGETS.rssMiB)} |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  if (!existsSync(join(ROOT, 'dist/bin/synaml.mjs'))) throw new Error('build first: npm run build');
  const figures = runTerraformBench({ integrations: opt('--integrations', 2000), runs: opt('--runs', 3) });
  console.log(terraformTable(figures));
  if (figures.checkMs > TERRAFORM_TARGETS.seconds * 1000 || figures.maxRssMiB > TERRAFORM_TARGETS.rssMiB) process.exitCode = 1;
}

// Bundles the compiled CLI into dist/bin/ so `synaml` starts fast: a few chunks for the validate path instead of ~150
// module loads (yaml alone is ~100). Code only `audit` needs (snapshot loader, normaliser, collectors) stays in lazily
// loaded chunks, and the Azure SDK stays external: `validate` never loads it.
import { build } from 'esbuild';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist/bin`, { recursive: true, force: true });

// yaml ships the same code twice: an ES module build (its `default` export, meant for browsers) and a CommonJS build
// for Node, which differs only by debugging hooks (LOG_TOKENS, LOG_STREAM) and by warning through
// process.emitWarning, which synaml turns off (logLevel: 'error'). The hook reads process.env once per token —
// 700,000 reads for a large tenant's spec, about 0.1 s — so the bundle takes the ES module build.
const yamlEsm = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser/index.js');
const yamlEsmBuild = {
  name: 'yaml-esm-build',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlEsm }));
  },
};

await build({
  absWorkingDir: root,
  // Two entries: every command (cli.js), and `validate` alone (cli-validate.js), which the bin starts for
  // `synaml validate ...` so that it loads only what validate runs (see the bin below).
  entryPoints: { main: 'dist/src/cli.js', validate: 'dist/src/cli-validate.js' },
  outdir: 'dist/bin',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // jsonc-parser's CommonJS build is UMD with dynamic require()s esbuild cannot follow: prefer ES module builds.
  mainFields: ['module', 'main'],
  target: 'node20.19',
  // web-tree-sitter loads its WebAssembly next to its own module: it stays in node_modules.
  external: ['@azure/*', '@kusto/*', 'web-tree-sitter'],
  // Bundled CommonJS dependencies (cli-table3) call require(): give ESM chunks one.
  banner: { js: "import { createRequire as __synamlRequire } from 'node:module'; const require = __synamlRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'linked',
  plugins: [yamlEsmBuild],
});
// The bin is a two-line entry: it turns on Node's on-disk compile cache (module.enableCompileCache, Node >= 22.1;
// in the OS temp folder, honouring NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE) before anything else loads,
// so from the second run on V8 reuses the compiled bundle instead of parsing ~0.7 MB of JavaScript at each start.
// Static imports would be loaded before that call, hence the dynamic import of the CLI. `synaml validate ...` (the
// command name first, as every documented use writes it) starts validate.mjs, the same root program with only the
// validate command: none of the other commands' code is loaded. Anything else (`synaml --help validate`, `synaml help
// validate`, other commands) starts the full CLI, whose validate is the same (test/cli/validate-entry.test.ts).
writeFileSync(
  `${root}dist/bin/synaml.mjs`,
  [
    '#!/usr/bin/env node',
    "import { enableCompileCache } from 'node:module';",
    'try { enableCompileCache?.(); } catch {}',
    "await import(process.argv[2] === 'validate' ? './validate.mjs' : './main.mjs');",
    '',
  ].join('\n'),
);
chmodSync(`${root}dist/bin/synaml.mjs`, 0o755);

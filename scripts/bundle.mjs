// Bundles the compiled CLI into dist/bin/ so `synaml` starts fast: the full CLI as chunks (main.mjs) instead of ~150
// module loads (yaml alone is ~100), `validate` alone as one script (validate.cjs), and the bin that picks between
// them (synaml.mjs). Code only `audit` needs (snapshot loader, normaliser, collectors) stays in lazily loaded chunks,
// and the Azure SDK stays external: `validate` never loads it.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** What the full CLI's chunks and validate.cjs are both built with. */
const cliBundle = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  // jsonc-parser's CommonJS build is UMD with dynamic require()s esbuild cannot follow: prefer ES module builds.
  mainFields: ['module', 'main'],
  target: 'node20.19',
  // web-tree-sitter loads its WebAssembly next to its own module: it stays in node_modules.
  external: ['@azure/*', '@kusto/*', 'web-tree-sitter'],
  logLevel: 'warning',
  legalComments: 'linked',
};

await build({
  ...cliBundle,
  entryPoints: { main: 'dist/src/cli.js' },
  outdir: 'dist/bin',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  format: 'esm',
  // Bundled CommonJS dependencies (cli-table3) call require(): give ESM chunks one.
  banner: { js: "import { createRequire as __synamlRequire } from 'node:module'; const require = __synamlRequire(import.meta.url);" },
  plugins: [yamlEsmBuild],
});
// `synaml validate ...` runs validate.cjs instead: cli-validate.js (the same root program and validate command as
// the full CLI, without the other commands) and everything it can reach, in one classic script that the bin compiles
// with a V8 code cache made after a run, so the functions validate calls are not compiled again on every start (see
// src/bin.ts). One file, because a vm script cannot import chunks: what validate reaches only for some runs (the
// configuration file's reader with yaml and ajv, SARIF, the table) is bundled too, but wrapped by esbuild so that it
// runs, and V8 compiles it, only when it is imported. CommonJS format, so that it can be wrapped in a function.
//
// commander requires child_process at load, for executable subcommands (`git-foo` style), which synaml has none of;
// loading it loads net, dgram and more, about 3 ms of a validate start. In validate.cjs commander gets a stand-in that
// loads child_process when spawn is called.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

await build({
  ...cliBundle,
  entryPoints: ['dist/src/cli-validate.js'],
  outfile: 'dist/bin/validate.cjs',
  format: 'cjs',
  // The bin passes the script's own URL in.
  define: { 'import.meta.url': '__synamlModuleUrl' },
  // import() of a bundled module becomes a call of its wrapper, not a module load the script could not make.
  supported: { 'dynamic-import': false },
  charset: 'ascii',
  plugins: [yamlEsmBuild, lazyChildProcess],
});
let script = readFileSync(`${root}dist/bin/validate.cjs`);
// The bin reads it as latin1 (exact for ASCII) and puts it inside a function, where a #! line cannot be.
if (script.some((byte) => byte > 0x7f)) throw new Error('dist/bin/validate.cjs is not ASCII');
if (script.subarray(0, 2).toString() === '#!') {
  script = script.subarray(script.indexOf(10) + 1);
  writeFileSync(`${root}dist/bin/validate.cjs`, script);
}
if (/\bimport\(/.test(script.toString('latin1'))) throw new Error('dist/bin/validate.cjs has an import(): a vm script cannot load modules');
const scriptHash = createHash('sha256').update(script).digest('hex').slice(0, 16);

// The bin (src/bin.ts): starts validate.cjs for `synaml validate ...`, the full CLI (main.mjs) for anything else. It
// knows validate.cjs's hash, which names its code cache.
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/bin.js'],
  outfile: 'dist/bin/synaml.mjs',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  define: { SYNAML_VALIDATE_SCRIPT_HASH: JSON.stringify(scriptHash) },
  logLevel: 'warning',
});
chmodSync(`${root}dist/bin/synaml.mjs`, 0o755);

// A code cache of validate.cjs for the Node running the build, beside the script, so that the first `synaml validate`
// on this machine (a CI runner that has just run `npm ci`, the GitHub Action's own build) is not compiled cold: one
// validate of the demo spec with a cache folder of its own, whose cache is then moved here. Another Node (another
// version in the name) or other V8 flags do not use it; synaml then makes its own (src/bin.ts).
const cacheRoot = mkdtempSync(join(tmpdir(), 'synaml-build-cache-'));
try {
  const env = { ...process.env, NODE_COMPILE_CACHE: cacheRoot };
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const run = spawnSync(process.execPath, [`${root}dist/bin/synaml.mjs`, 'validate', `${root}fixtures/demo/spec.yaml`, '--format', 'json'], { cwd: root, env, stdio: 'ignore' });
  const made = existsSync(join(cacheRoot, 'synaml')) ? readdirSync(join(cacheRoot, 'synaml')).filter((f) => f.startsWith('validate-') && f.endsWith('.cache')) : [];
  if ((run.status !== 0 && run.status !== 1) || made.length !== 1) {
    // Only a start-up optimisation: the build goes on, and the first validate run makes the cache instead.
    console.warn(`bundle: no code cache was made for validate.cjs (exit ${run.status}, files ${made.join(', ') || 'none'}); the first run will make one`);
  } else {
    copyFileSync(join(cacheRoot, 'synaml', made[0]), `${root}dist/bin/${made[0]}`);
    // Read by whoever runs the package (a global install by root), like the script itself.
    chmodSync(`${root}dist/bin/${made[0]}`, 0o644);
  }
} finally {
  rmSync(cacheRoot, { recursive: true, force: true });
}

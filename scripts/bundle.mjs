// Bundles the compiled CLI into dist/bin/ so `synaml` starts fast: one file for the validate path instead of ~150
// module loads (yaml alone is ~100). Code only `audit` needs (snapshot loader, normaliser, collectors) stays in lazily
// loaded chunks, and the Azure SDK stays external: `validate` never loads it.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist/bin`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { synaml: 'dist/src/cli.js' },
  outdir: 'dist/bin',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // jsonc-parser's CommonJS build is UMD with dynamic require()s esbuild cannot follow: prefer ES module builds.
  mainFields: ['module', 'main'],
  target: 'node20.19',
  external: ['@azure/*', '@kusto/*'],
  // Bundled CommonJS dependencies (cli-table3) call require(): give ESM chunks one.
  banner: { js: "import { createRequire as __synamlRequire } from 'node:module'; const require = __synamlRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'linked',
});
chmodSync(`${root}dist/bin/synaml.mjs`, 0o755);

#!/usr/bin/env node
// The `synaml` bin (bundled by scripts/bundle.mjs into dist/bin/synaml.mjs): picks what to start, and keeps V8's
// compiled code between runs so that start-up is not spent compiling the same functions again.
//
// - `synaml validate ...` (the command name first, as every documented use writes it) runs validate.cjs: cli-validate.ts
//   and everything it can reach, bundled into one classic script, which this file compiles with node:vm and a V8 code
//   cache. Node's own compile cache (module.enableCompileCache) keeps only the code compiled when a module is first
//   compiled — its top level — so every run compiled again every function validate calls (nearly a third of its CPU
//   time on the demo spec). A code cache created after a run (Script#createCachedData) holds those functions too.
// - Anything else (`synaml --help validate`, other commands) imports main.mjs, the full CLI (whose validate is the
//   same: test/cli/validate-entry.test.ts), with Node's compile cache on.
//
// The code cache is written once, after the first validate run that validated something (exit 0 or 1, not help or a
// usage error), to `validate-<node version>-<arch>-<script hash>.cache` in NODE_COMPILE_CACHE's folder (else the OS temp
// folder's node-compile-cache, as Node's own) under `synaml/`, a folder only its owner may write. The script's hash
// comes from the build (below), since V8 itself checks only a cache's length against the source. V8 rejects a cache
// from another V8 version or other V8 flags; synaml then compiles as usual and writes a new one.
// The build also leaves one beside validate.cjs, made by a run on the building Node (scripts/bundle.mjs), read when
// the user's folder has none, so a machine that has just built synaml (npm ci, the GitHub Action) does not start cold.
// Writing a cache also removes those of other builds and Node versions written more than 30 days before.
// NODE_DISABLE_COMPILE_CACHE turns both caches off. A cache that cannot be read or written is no error: synaml runs
// without it.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** Replaced by the build with the hash of validate.cjs. */
declare const SYNAML_VALIDATE_SCRIPT_HASH: string;

/** The folder for synaml's code cache, or undefined when caching is off or the folder is not safely ours. */
function cacheDir(): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const parent = process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache');
  const dir = join(parent, 'synaml');
  try {
    // The parent as Node's compile cache makes it (it may share it); synaml's own folder owner-only.
    mkdirSync(parent, { recursive: true });
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Compiled code is run as it is read: never from a folder someone else owns or may write to, nor through a link.
    const info = lstatSync(dir);
    if (!info.isDirectory() || (process.getuid && info.uid !== process.getuid()) || (info.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** How long a cache of another build or Node version is kept after it was written (about 570 KB each). */
const STALE_CACHE_MS = 30 * 24 * 60 * 60 * 1000;

/** A cache file of synaml's, or the temporary one a run that stopped while writing it left. */
const CACHE_FILE = /^validate-v[^/\\]*-[0-9a-f]{16}\.cache(?:\.\d+)?$/;

/**
 * Removes, when a new cache has just been written, the caches of other builds and Node versions written more than 30
 * days ago: each upgrade of synaml or Node would otherwise leave one behind for good. A cache still in use is written
 * once and then only read, so it may go too; its next run then writes it again (one run compiled cold a month).
 */
function pruneStaleCaches(dir: string, keep: string): void {
  try {
    const cutoff = Date.now() - STALE_CACHE_MS;
    for (const entry of readdirSync(dir)) {
      if (entry === keep || !CACHE_FILE.test(entry)) continue;
      try {
        const path = join(dir, entry);
        const info = lstatSync(path);
        if (info.isFile() && info.mtimeMs < cutoff) unlinkSync(path);
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  } catch {
    // A folder that cannot be listed keeps its files.
  }
}

/** Runs validate.cjs, compiled with the code cache when there is one. */
function runValidateScript(): void {
  const url = new URL('./validate.cjs', import.meta.url);
  const file = fileURLToPath(url);
  // The build checks the script is ASCII (esbuild's default): latin1 is then exact, and the cheapest decoding.
  const source = readFileSync(file, 'latin1');
  const name = `validate-${process.version}-${process.arch}-${SYNAML_VALIDATE_SCRIPT_HASH}.cache`;
  const dir = cacheDir();
  const cacheFile = dir && join(dir, name);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    // The user's cache, else the one the build made beside the script (scripts/bundle.mjs: a build on this machine's
    // Node, as `npm ci` in a clone or the GitHub Action makes, so that even the first run is not compiled cold).
    for (const candidate of [cacheFile, join(dirname(file), name)]) {
      try {
        cachedData = readFileSync(candidate);
        break;
      } catch {
        // Not there.
      }
    }
  }
  // One line of wrapper, so that the script's line numbers are its own in stack traces.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __synamlModuleUrl) {${source}\n})`, { filename: file, ...(cachedData && { cachedData }) });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    process.on('exit', (code) => {
      const info = process.argv.slice(3).some((a) => ['-h', '--help', '-V', '--version'].includes(a));
      if ((code !== 0 && code !== 1) || info) return;
      try {
        const temporary = `${cacheFile}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, cacheFile);
      } catch {
        // A cache that cannot be written only costs the next run its compilation.
      }
      pruneStaleCaches(dirname(cacheFile), name);
    });
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: [object, NodeJS.Require, object, string, string, string]) => void;
  run(module.exports, nodeModule.createRequire(url), module, file, dirname(file), url.href);
}

// engines says Node >= 22; npm only warns about it, and an older Node would fail somewhere inside with its own words.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`synaml: needs Node.js 22 or later; this is Node.js ${process.versions.node}. Install a current LTS (22 or 24) and run it again.\n`);
  process.exit(2);
} else if (process.argv[2] === 'validate') {
  runValidateScript();
} else {
  // Before anything else loads: the full CLI's modules are compiled from the cache from the second run on.
  try {
    // Node >= 22.1 (@types/node 20 does not declare it).
    (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // An old Node, or a cache folder that cannot be used: start without it.
  }
  const main = './main.mjs';
  await import(main);
}

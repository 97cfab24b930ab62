#!/usr/bin/env node
// `node bin/run-built.js <entry> [args…]` runs dist/<entry>.js in this very process (so signals sent to it reach the
// hub itself), compiling the project first only when a TypeScript source changed since the last build. The npm
// scripts used to run `npm run build && node …`, which recompiled everything on every call (7–15 s a command).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
// What tsconfig.build.json compiles, and the configuration itself. Directories count too: deleting or renaming a
// file changes its directory's mtime.
const SOURCES = ['src', 'migrations', 'scripts', 'bench', 'test/support', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json'];
// tsc (incremental) writes it on every build that changes something; we also touch it after each build we run.
const BUILD_INFO = path.join(ROOT, 'dist', '.tsbuildinfo');

function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return file.endsWith('.ts') || file.endsWith('.json') ? stat.mtimeMs : 0;
  return fs.readdirSync(file).reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs);
}

function ensureBuilt() {
  let builtAt = 0;
  try {
    builtAt = fs.statSync(BUILD_INFO).mtimeMs;
  } catch {
    // never built
  }
  if (Math.max(...SOURCES.map((source) => newestMtime(path.join(ROOT, source)))) <= builtAt) return;

  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    if (builtAt) return; // an install without dev dependencies runs the build it shipped with
    fail('dist/ is missing and TypeScript is not installed: run `npm install` (it builds the project)');
  }
  process.stderr.write('lantian: sources changed since the last build, compiling…\n');
  // tsc reports on stdout; keep ours for the command's own output (`lantian keys create` prints the key there).
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) fail('the build failed (errors above)');
  const now = new Date();
  fs.utimesSync(BUILD_INFO, now, now);
}

function fail(message) {
  process.stderr.write(`lantian: ${message}\n`);
  process.exit(1);
}

module.exports = function runBuilt(entry, args) {
  ensureBuilt();
  const script = path.join(ROOT, 'dist', `${entry}.js`);
  process.argv = [process.argv[0], script, ...args];
  require(script);
};

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) fail('usage: node bin/run-built.js <entry, e.g. src/app/main> [arguments]');
  module.exports(entry, args);
}

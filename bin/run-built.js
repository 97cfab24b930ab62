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
// What scripts/build-web.ts bundles into dist/web (the page and the explorer), and the marker it leaves there.
const WEB_SOURCES = ['web', 'src/indicators/math/levels.ts', 'scripts/build-web.ts', 'package-lock.json'];
const WEB_BUILT = path.join(ROOT, 'dist', 'web', 'index.html');
// tsc (incremental) writes it on every build that changes something; we also touch it after each build we run.
const BUILD_INFO = path.join(ROOT, 'dist', '.tsbuildinfo');

function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.(ts|tsx|json|css|html)$/.test(file) ? stat.mtimeMs : 0;
  // An install inside a source folder (bench/postgraphile's) is no source: thousands of files to stat on every run.
  const names = fs.readdirSync(file).filter((name) => name !== 'node_modules');
  return names.reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs);
}

function mtimeOf(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0; // never built
  }
}

function newestOf(sources) {
  return Math.max(...sources.map((source) => newestMtime(path.join(ROOT, source))));
}

function ensureBuilt() {
  const builtAt = mtimeOf(BUILD_INFO);
  const compile = newestOf(SOURCES) > builtAt;
  // After the compile: the bundler is dist/scripts/build-web.js.
  const bundle = newestOf(WEB_SOURCES) > mtimeOf(WEB_BUILT);
  if (!compile && !bundle) return;

  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    if (builtAt && mtimeOf(WEB_BUILT)) return; // an install without dev dependencies runs the build it shipped with
    fail('dist/ is missing and TypeScript is not installed: run `npm install` (it builds the project)');
  }
  if (compile) {
    process.stderr.write('lantian: sources changed since the last build, compiling…\n');
    // tsc reports on stdout; keep ours for the command's own output (`lantian keys create` prints the key there).
    const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) fail('the build failed (errors above)');
    const now = new Date();
    fs.utimesSync(BUILD_INFO, now, now);
  }
  if (bundle) {
    process.stderr.write('lantian: bundling the web pages…\n');
    const web = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'build-web.js')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (web.status !== 0) fail('the web build failed (errors above)');
  }
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

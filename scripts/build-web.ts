// `node dist/scripts/build-web.js`: bundles the browser code of web/ (the command-center page and the GraphiQL
// explorer) with esbuild into dist/web/, which the hub serves (src/app/web.ts). Everything the pages load comes from
// there: no CDN, no web font from outside. `npm run build` and bin/run-built.js run it.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, BuildOptions, Metafile } from 'esbuild';
import { PROJECT_ROOT } from '../src/platform/paths';

export const WEB_OUT = path.join(PROJECT_ROOT, 'dist', 'web');
// Built beside, then swapped in: a hub serving dist/web meanwhile never sees it half written.
const STAGING = `${WEB_OUT}.building-${process.pid}`;
const ASSETS = path.join(STAGING, 'assets');
const WEB = path.join(PROJECT_ROOT, 'web');

const common: BuildOptions = {
  absWorkingDir: PROJECT_ROOT,
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: ['chrome110', 'firefox115', 'safari16'],
  outdir: ASSETS,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** The built file of an entry point, as a URL path under /assets/. */
function outputOf(metafile: Metafile, entry: string, ext = '.js'): string {
  const [out] = Object.entries(metafile.outputs).find(([file, o]) => o.entryPoint === entry && file.endsWith(ext)) ?? [];
  if (!out) throw new Error(`no ${ext} output for ${entry}`);
  return `/assets/${path.basename(out)}`;
}

/** The CSS esbuild gathered from the entry's imports. */
function cssOf(metafile: Metafile, js: string): string {
  const css = metafile.outputs[path.join(path.relative(PROJECT_ROOT, ASSETS), path.basename(js))]?.cssBundle;
  if (!css) throw new Error(`no CSS bundle beside ${js}`);
  return `/assets/${path.basename(css)}`;
}

async function page(template: string, out: string, script: string, style: string): Promise<void> {
  const html = (await readFile(path.join(WEB, template), 'utf8')).replace('{{script}}', script).replace('{{style}}', style);
  await writeFile(path.join(STAGING, out), html);
}

export interface WebBuild {
  /** Bytes of each file written under dist/web/assets (source maps and licences aside). */
  sizes: Record<string, number>;
}

export async function buildWeb(): Promise<WebBuild> {
  try {
    return await buildInto();
  } finally {
    await rm(STAGING, { recursive: true, force: true });
  }
}

async function buildInto(): Promise<WebBuild> {
  await rm(STAGING, { recursive: true, force: true });
  await mkdir(ASSETS, { recursive: true });
  const relative = (file: string) => path.relative(PROJECT_ROOT, file);

  // Monaco's language services run in workers: each is its own bundle, named to the explorer at build time.
  const workerEntries = {
    'editor.worker': require.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
    'json.worker': require.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
    'graphql.worker': require.resolve('monaco-graphql/esm/graphql.worker.js'),
  };
  const workers = await build({ ...common, entryPoints: workerEntries, format: 'iife' });
  const workerUrls = Object.fromEntries(
    Object.entries(workerEntries).map(([name, file]) => [name.replace('.worker', ''), outputOf(workers.metafile!, relative(file))]),
  );

  const commandCenterEntry = path.join(WEB, 'command-center', 'main.tsx');
  const commandCenter = await build({
    ...common,
    entryPoints: { 'command-center': commandCenterEntry },
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  });
  const explorerEntry = path.join(WEB, 'explorer', 'main.tsx');
  const explorer = await build({
    ...common,
    entryPoints: { explorer: explorerEntry },
    format: 'esm',
    jsx: 'automatic',
    loader: { '.ttf': 'file' },
    define: { ...common.define, __MONACO_WORKERS__: JSON.stringify(workerUrls) },
  });

  const ccJs = outputOf(commandCenter.metafile!, relative(commandCenterEntry));
  await page('command-center/index.html', 'index.html', ccJs, cssOf(commandCenter.metafile!, ccJs));
  const exJs = outputOf(explorer.metafile!, relative(explorerEntry));
  await page('explorer/index.html', 'explorer.html', exJs, cssOf(explorer.metafile!, exJs));

  const previous = `${WEB_OUT}.previous-${process.pid}`;
  await rename(WEB_OUT, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(STAGING, WEB_OUT);
  await rm(previous, { recursive: true, force: true });

  const sizes: Record<string, number> = {};
  for (const result of [workers, commandCenter, explorer]) {
    for (const [file, { bytes }] of Object.entries(result.metafile!.outputs)) {
      if (!file.endsWith('.map') && !file.endsWith('.LEGAL.txt')) sizes[path.basename(file)] = bytes;
    }
  }
  return { sizes };
}

if (require.main === module) {
  buildWeb().then(
    ({ sizes }) => {
      const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
      for (const [file, bytes] of Object.entries(sizes)) process.stderr.write(`  dist/web/assets/${file}  ${kb(bytes)}\n`);
    },
    (error) => {
      process.stderr.write(`build-web: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

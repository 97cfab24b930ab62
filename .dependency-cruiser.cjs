// The import rules of docs/architecture.md, checked by `npm run lint`. Layers, top to bottom:
//   app → live → joint → feeds → indicators, datasets, ingest, regions, admin → access → catalog → platform
// and indicators/math imports nothing of ours outside itself, nor any framework. web/ (the browser pages) stands apart.
const LAYERS = ['app', 'live', 'joint', 'feeds', '(indicators|datasets|ingest|regions|admin)', 'access', 'catalog', 'platform'];

/** A layer may import only the layers below it (and, within the middle tier, its siblings: cycles are caught apart). */
const noUpwardImports = LAYERS.slice(1).map((layer, i) => ({
  name: `no-upward-import-from-${layer.startsWith('(') ? 'middle-tier' : layer}`,
  comment: `src/${layer} sits below ${LAYERS.slice(0, i + 1).join(', ')}: it must not import them`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(0, i + 1).join("|")})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle ties its folders together: none can be read, tested or changed alone. Register, do not import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...noUpwardImports,
    {
      name: 'nothing-imports-app',
      comment: 'src/app wires everything; nothing below it may import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/app/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'math-is-pure',
      comment: 'indicators/math is the arithmetic of the standards: no framework, no database, nothing of ours outside math/.',
      severity: 'error',
      from: { path: '^src/indicators/math/' },
      to: {
        pathNot: ['^src/indicators/math/'],
      },
    },
    {
      name: 'web-imports-no-server-code',
      comment: 'web/ is browser code bundled by esbuild: of the server it may import only the pure AQI level table (the standard colours).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|scripts|bin|migrations)/', pathNot: '^src/indicators/math/levels\\.ts$' },
    },
    {
      name: 'server-imports-no-web',
      comment: 'The hub serves the built pages (dist/web), it never imports browser code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code (entry points and type declarations aside).',
      severity: 'error',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/app/(main|cli)\\.ts$', '^web/[^/]+/main\\.tsx$', '\\.css$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type is a dependency too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

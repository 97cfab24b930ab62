// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'bench/postgraphile/node_modules/', 'dist/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Raw SQL results and feed plumbing are typed at the boundary; `any` stays confined there.
      '@typescript-eslint/no-explicit-any': 'off',
      // A layer adds its loaders to the context by merging `interface Loaders extends XxxLoaders {}` (platform/context.type.ts).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'type-graphql', importNames: ['Root'], message: "Parent() (platform/parent.ts): type-graphql's Root() copies every row into a new instance of its class." },
          { name: 'type-graphql', importNames: ['ObjectType'], message: "ObjectType of platform/object-type.ts: type-graphql's wraps every plain field in a resolver." },
        ],
      }],
    },
  },
  { files: ['src/platform/object-type.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
  },
);

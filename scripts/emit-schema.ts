import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { PROJECT_ROOT } from '../src/platform/paths';
import { buildHubSchema } from '../src/app/schema';

/** Writes the subgraph SDL to schema/hub.graphql; with --check, fails when the committed file differs. */
async function main() {
  const file = path.join(PROJECT_ROOT, 'schema', 'hub.graphql');
  const sdl = `${printSubgraphSchema(await buildHubSchema()).trim()}\n`;
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== sdl) {
      console.error('schema/hub.graphql is out of date: run `npm run schema:emit` and commit it.');
      process.exit(1);
    }
    console.log('schema/hub.graphql is up to date');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

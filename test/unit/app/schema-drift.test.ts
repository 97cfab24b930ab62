import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildHubSchema } from '../../../src/app/schema';

describe('schema/hub.graphql', () => {
  test('is what the resolvers build (run `npm run schema:emit` after changing the API)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', '..', 'schema', 'hub.graphql'), 'utf8');
    expect(`${printSubgraphSchema(await buildHubSchema()).trim()}\n`).toBe(committed);
  });

  test('declares the federation entities with their keys', () => {
    const sdl = readFileSync(path.join(__dirname, '..', '..', '..', 'schema', 'hub.graphql'), 'utf8');
    expect(sdl).toMatch(/type Region\s+@key\(fields: "code"\)/);
    expect(sdl).toMatch(/type AirStation\s+@key\(fields: "code"\)/);
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.4"');
  });
});

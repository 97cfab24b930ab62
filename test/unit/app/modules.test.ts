import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DEFINED_DATASETS } from '../../../src/app/modules';

const FEEDS = path.join(__dirname, '..', '..', '..', 'src', 'feeds');

describe('src/app/modules.ts', () => {
  test('lists every dataset declared in a src/feeds/<dept>/*.dataset.ts file', async () => {
    const files = readdirSync(FEEDS, { withFileTypes: true })
      .filter((dir) => dir.isDirectory())
      .flatMap((dir) => readdirSync(path.join(FEEDS, dir.name)).filter((file) => file.endsWith('.dataset.ts')).map((file) => path.join(FEEDS, dir.name, file)));
    const declared = (await Promise.all(files.map((file) => import(file) as Promise<Record<string, unknown>>)))
      .flatMap((exported) => Object.values(exported))
      .filter((value): value is { spec: { id: string } } => typeof value === 'object' && value !== null && 'spec' in value && 'feed' in value)
      .map((d) => d.spec.id);
    expect(declared.length).toBeGreaterThanOrEqual(20);
    expect(declared.filter((id) => !DEFINED_DATASETS.some((d) => d.spec.id === id))).toEqual([]);
  });
});

import 'reflect-metadata';
import { graphql } from 'graphql';
import { buildSchema, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Parent } from '../../../src/platform/parent';

@ObjectType()
class Station {
  @Field()
  code!: string;
}

const row = { code: '1431A' };
const seen: { parent?: unknown; root?: unknown } = {};

@Resolver(() => Station)
class StationResolver {
  @Query(() => Station)
  station(): Station {
    return row;
  }

  @FieldResolver(() => String)
  viaParent(@Parent() station: Station): string {
    seen.parent = station;
    return station.code;
  }

  @FieldResolver(() => String)
  viaRoot(@Root() station: Station): string {
    seen.root = station;
    return station.code;
  }
}

test("@Parent() hands a field resolver its row itself, where type-graphql's @Root() copies it into a new instance", async () => {
  const schema = await buildSchema({ resolvers: [StationResolver], validate: false });
  const result = await graphql({ schema, source: '{ station { viaParent viaRoot } }' });
  expect(result).toEqual({ data: { station: { viaParent: '1431A', viaRoot: '1431A' } } });
  expect(seen.parent).toBe(row);
  expect(seen.root).not.toBe(row);
  expect(seen.root).toBeInstanceOf(Station);
});

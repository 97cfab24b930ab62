import 'reflect-metadata';
import { GraphQLObjectType, graphql } from 'graphql';
import { buildSchema, Field, FieldResolver, Query, Resolver } from 'type-graphql';
import { ObjectType } from '../../../src/platform/object-type';
import { Parent } from '../../../src/platform/parent';

@ObjectType('Reading', { description: 'A reading.' })
class Reading {
  @Field()
  station!: string;

  @Field()
  pm25!: number;
}

@Resolver(() => Reading)
class ReadingResolver {
  @Query(() => [Reading])
  readings(): Reading[] {
    return [{ station: '1431A', pm25: 35 }];
  }

  @FieldResolver(() => String)
  label(@Parent() r: Reading): string {
    return `${r.station}: ${r.pm25}`;
  }
}

test('plain fields are read as properties, with no resolver of their own; a field resolver keeps its own', async () => {
  const schema = await buildSchema({ resolvers: [ReadingResolver], validate: false });
  const reading = schema.getType('Reading') as GraphQLObjectType;
  expect(reading.description).toBe('A reading.');
  const fields = reading.getFields();
  expect([fields.station.resolve, fields.pm25.resolve]).toEqual([undefined, undefined]);
  expect(fields.label.resolve).toEqual(expect.any(Function));
  expect(await graphql({ schema, source: '{ readings { station pm25 label } }' })).toEqual({
    data: { readings: [{ station: '1431A', pm25: 35, label: '1431A: 35' }] },
  });
});

import { ArgsType, Field, InputType } from 'type-graphql';
import { RegionLevel } from '../platform/enums';
import { Connection, PageArgs } from '../platform/pagination';
import { WhereValue, whereInput } from '../datasets/where-input';
import { Region } from './region.entity';

@InputType({ description: 'A region to create or replace, keyed by code.' })
export class RegionInput {
  @Field({ description: 'GB/T 2260 six-digit code.' })
  code!: string;

  @Field({ description: 'Name of the division, e.g. 成都市.' })
  name!: string;

  @Field(() => RegionLevel, { description: 'Province, city or county; must fit the parent (a CITY under a PROVINCE, a COUNTY under either).' })
  level!: RegionLevel;

  @Field(() => String, { nullable: true, description: 'Required for CITY and COUNTY; absent for PROVINCE.' })
  parentCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'National key city (CITY level only). Default false.' })
  keyCity?: boolean | null;
}

/** The columns that lead an index of `regions`: its code (the primary key) and its parent's (regions_parent_code_idx). */
export const REGION_WHERE = whereInput('Region', 'regions', [
  {
    name: 'code',
    description: 'GB/T 2260 code of the region: `within` takes the region and its whole subtree',
    sql: 'r.code',
    graphqlType: () => String,
    cast: 'text',
    region: true,
  },
  {
    name: 'parentCode',
    description: 'Code of the region it belongs to (null for a province): `within` takes the regions whose parent lies in that subtree, the region itself excluded',
    sql: 'r.parent_code',
    graphqlType: () => String,
    cast: 'text',
    region: true,
  },
]);

@ArgsType()
export class RegionsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only the direct children of this region. No such region: NOT_FOUND.' })
  parentCode?: string | null;

  @Field(() => RegionLevel, { nullable: true, description: 'Only regions of this level.' })
  level?: RegionLevel | null;

  @Field(() => REGION_WHERE.type, { nullable: true, description: "Only the regions that match, with the other filters (all hold together) and within the caller's grant." })
  where?: WhereValue | null;
}

export const RegionConnection = Connection(Region);

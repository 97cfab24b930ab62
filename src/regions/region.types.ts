import { ArgsType, Field, InputType } from 'type-graphql';
import { RegionLevel } from '../platform/enums';
import { Connection, PageArgs } from '../platform/pagination';
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

@ArgsType()
export class RegionsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only the direct children of this region. No such region: NOT_FOUND.' })
  parentCode?: string | null;

  @Field(() => RegionLevel, { nullable: true, description: 'Only regions of this level.' })
  level?: RegionLevel | null;
}

export const RegionConnection = Connection(Region);

import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { RegionLevel } from '../platform/enums';
import { Connection } from '../platform/pagination';
import { Region } from './region.entity';

@InputType({ description: 'A region to create or replace, keyed by code.' })
export class RegionInput {
  @Field({ description: 'GB/T 2260 six-digit code.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => RegionLevel)
  level!: RegionLevel;

  @Field(() => String, { nullable: true, description: 'Required for CITY and COUNTY; absent for PROVINCE.' })
  parentCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'National key city (CITY level only). Default false.' })
  keyCity?: boolean | null;
}

@ArgsType()
export class RegionsArgs {
  @Field(() => String, { nullable: true, description: 'Only the direct children of this region. No such region: NOT_FOUND.' })
  parentCode?: string | null;

  @Field(() => RegionLevel, { nullable: true })
  level?: RegionLevel | null;

  @Field(() => Int, { nullable: true, description: 'Page size: default 50, at most 1,000.' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

export const RegionConnection = Connection(Region);

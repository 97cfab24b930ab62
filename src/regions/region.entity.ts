import { Directive, Field } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RegionLevel } from '../platform/enums';

/** An administrative division (GB/T 2260 code). Published by COMMAND_CENTER. */
@Directive('@key(fields: "code")')
@ObjectType({ description: 'An administrative division: province, city or county, by its GB/T 2260 code.' })
@Entity('regions')
export class Region {
  @Field({ description: 'GB/T 2260 six-digit code, e.g. `510100` Chengdu.' })
  @PrimaryColumn('text')
  code!: string;

  @Field({ description: 'Name of the division, e.g. 成都市.' })
  @Column('text')
  name!: string;

  @Field(() => RegionLevel, { description: 'Province, city or county.' })
  @Column('text')
  level!: RegionLevel;

  @Column('text', { nullable: true })
  parentCode!: string | null;

  @Field({ description: 'One of the 168 key cities ranked nationally by the Ministry (CITY level only).' })
  @Column('boolean', { default: false })
  keyCity!: boolean;

  @Column('uuid')
  batchId!: string;
}

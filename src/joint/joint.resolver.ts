import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, Query, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { DateScalar, DateTimeScalar, MonthScalar } from '../platform/scalars';
import { Region } from '../regions/region.entity';
import { enterprises } from '../feeds/economy/enterprise.dataset';
import { constructionSites } from '../feeds/housing/construction-site.dataset';
import { heavyPollutionAlerts } from '../feeds/ecology/heavy-pollution-alert.dataset';
import type { AlertRow } from '../feeds/ecology/alert.queries';
import { DEFAULT_ANOMALY_THRESHOLD_PERCENT } from '../indicators/math/joint/energy-anomalies';
import { DEFAULT_RADIUS_KM } from '../indicators/math/joint/fire-influence';
import { DEFAULT_PM10_THRESHOLD } from '../indicators/math/joint/construction-dust';
import { MAX_RADIUS_KM } from './joint.service';
import { Parent } from '../platform/parent';
import {
  CityFireInfluence,
  CityOverview,
  ConstructionDustDay,
  DispersionDay,
  EmergencyCompliance,
  EnergyAnomalies,
  EnergyAnomaly,
  EnterpriseCompliance,
  ProvinceOverview,
  SiteMachineryDuringAlert,
  VehicleStructure,
} from './joint.types';

@ArgsType()
class RegionDaysArgs {
  @Field({ description: 'Region code (GB/T 2260); the region and its subtree. No such region: NOT_FOUND.' })
  regionCode!: string;

  @Field(() => DateScalar, { description: 'First day (CST).' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last day (CST), included; at most 366 days after from.' })
  to!: string;
}

@ArgsType()
class EnergyAnomaliesArgs extends RegionDaysArgs {
  @Field(() => Float, { nullable: true, defaultValue: DEFAULT_ANOMALY_THRESHOLD_PERCENT, description: `A change counts as abnormal from this |change|, % (null: ${DEFAULT_ANOMALY_THRESHOLD_PERCENT}).` })
  thresholdPercent!: number | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Only the flagged enterprises (false: every enterprise with a reported day; null: true).' })
  onlyFlagged!: boolean | null;
}

@ArgsType()
class FireInfluenceArgs extends RegionDaysArgs {
  @Field(() => Float, { nullable: true, defaultValue: DEFAULT_RADIUS_KM, description: `Distance from an evaluation station within which a hot spot counts, km (at most ${MAX_RADIUS_KM}; null: ${DEFAULT_RADIUS_KM}).` })
  radiusKm!: number | null;
}

@ArgsType()
class ConstructionDustArgs extends RegionDaysArgs {
  @Field(() => Float, { nullable: true, defaultValue: DEFAULT_PM10_THRESHOLD, description: `A site-hour exceeds when its mean PM10 is above this, µg/m³ (null: ${DEFAULT_PM10_THRESHOLD}).` })
  pm10Threshold!: number | null;
}

/** The cross-department indicators of docs/indicators.md §5 (names and arguments fixed by docs/contract.md). */
@Resolver()
export class JointControlResolver {
  @Query(() => EnergyAnomalies, {
    description:
      'Enterprises whose daily electricity changed by thresholdPercent or more against a year ago or the preceding period (§5.1). Needs read access to enterprises and enterprise-electricity-daily over the region.',
  })
  energyAnomalies(@Args() args: EnergyAnomaliesArgs, @Ctx() ctx: Context) {
    return ctx.services.joint.energyAnomalies(ctx.access, { ...args, thresholdPercent: args.thresholdPercent ?? DEFAULT_ANOMALY_THRESHOLD_PERCENT, onlyFlagged: args.onlyFlagged ?? true });
  }

  @Query(() => EmergencyCompliance, {
    description:
      "Whether the emergency cuts of a heavy-pollution alert happened (§5.2): the controlled enterprises' electricity against their baseline, sites with machinery and muck trucks on alert days. The alert is the one of regionCode starting at startsAt (NOT_FOUND otherwise).",
  })
  emergencyCompliance(
    @Arg('regionCode', { description: "The alert's region." }) regionCode: string,
    @Arg('startsAt', () => DateTimeScalar, { description: "The alert's start (its key with regionCode)." }) startsAt: Date,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: 'An open alert runs to the date of asOf (default now).' }) asOf: Date | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.joint.emergencyCompliance(ctx.access, regionCode, startsAt, asOf ?? undefined);
  }

  @Query(() => [CityFireInfluence], {
    description: 'Fire hot spots within radiusKm of a CITY\'s evaluation stations, beside its daily AQI (§5.3); a PROVINCE gives each of its cities.',
  })
  fireInfluence(@Args() args: FireInfluenceArgs, @Ctx() ctx: Context) {
    return ctx.services.joint.fireInfluence(ctx.access, { ...args, radiusKm: args.radiusKm ?? DEFAULT_RADIUS_KM });
  }

  @Query(() => [DispersionDay], { description: 'Stagnant hours (mean wind < 2.0 m/s, humidity ≥ 80 %) per day of a CITY or COUNTY, beside its daily AQI (§5.4).' })
  dispersion(@Args() args: RegionDaysArgs, @Ctx() ctx: Context) {
    return ctx.services.joint.dispersion(ctx.access, args);
  }

  @Query(() => VehicleStructure, { description: "A region's fleet structure in a month, since the year's start and against its vehicle target (§5.5)." })
  vehicleStructure(
    @Arg('regionCode', { description: 'Region code (GB/T 2260).' }) regionCode: string,
    @Arg('month', () => MonthScalar, { description: 'Month (CST).' }) month: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.joint.vehicleStructure(ctx.access, regionCode, month);
  }

  @Query(() => [ConstructionDustDay], { description: 'Active construction sites and their dust monitors per day of a region (§5.6).' })
  constructionDust(@Args() args: ConstructionDustArgs, @Ctx() ctx: Context) {
    return ctx.services.joint.constructionDust(ctx.access, { ...args, pm10Threshold: args.pm10Threshold ?? DEFAULT_PM10_THRESHOLD });
  }

  @Query(() => ProvinceOverview, { description: "Every CITY of a PROVINCE at a glance, for the command center (§5.7), in one request." })
  provinceOverview(
    @Arg('provinceCode', { description: 'The PROVINCE.' }) provinceCode: string,
    @Arg('at', () => DateTimeScalar, { nullable: true, description: 'The instant described (default now).' }) at: Date | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.provinceOverview.overview(ctx.access, provinceCode, at ?? undefined);
  }
}

@Resolver(() => EnergyAnomaly)
export class EnergyAnomalyResolver {
  @FieldResolver(() => enterprises.objectType, { description: 'The enterprise.' })
  enterprise(@Parent() row: EnergyAnomaly, @Ctx() ctx: Context) {
    return ctx.loaders.datasetRow('enterprises').load(row.creditCode);
  }
}

@Resolver(() => EnterpriseCompliance)
export class EnterpriseComplianceResolver {
  @FieldResolver(() => enterprises.objectType, { description: 'The enterprise.' })
  enterprise(@Parent() row: EnterpriseCompliance, @Ctx() ctx: Context) {
    return ctx.loaders.datasetRow('enterprises').load(row.creditCode);
  }
}

@Resolver(() => SiteMachineryDuringAlert)
export class SiteMachineryDuringAlertResolver {
  @FieldResolver(() => constructionSites.objectType, { description: 'The construction site.' })
  site(@Parent() row: SiteMachineryDuringAlert, @Ctx() ctx: Context) {
    return ctx.loaders.datasetRow('construction-sites').load(row.siteId);
  }
}

@Resolver(() => CityFireInfluence)
export class CityFireInfluenceResolver {
  @FieldResolver(() => Region, { description: 'The city.' })
  region(@Parent() row: CityFireInfluence, @Ctx() ctx: Context) {
    return ctx.loaders.regionByCode.load(row.regionCode);
  }
}

@Resolver(() => CityOverview)
export class CityOverviewResolver {
  @FieldResolver(() => Region, { description: 'The city.' })
  region(@Parent() row: CityOverview, @Ctx() ctx: Context) {
    return ctx.loaders.regionByCode.load(row.regionCode);
  }
}

@Resolver(() => heavyPollutionAlerts.objectType)
export class AlertComplianceResolver {
  @FieldResolver(() => EmergencyCompliance, {
    nullable: true,
    description:
      "This alert's emergency-response compliance as of now (§5.2; the same as emergencyCompliance without asOf): about a dozen statements per alert, so ask for it on a few alerts. Null with an error on this field alone when the caller may not read a dataset it needs.",
  })
  compliance(@Parent() alert: AlertRow, @Ctx() ctx: Context) {
    return ctx.services.joint.emergencyCompliance(ctx.access, alert.regionCode, alert.startsAt);
  }
}

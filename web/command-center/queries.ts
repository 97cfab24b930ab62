// The queries the page runs and the shapes it reads back.
import type { AqiLevel } from '../../src/indicators/math/levels';

export const PROVINCES = `query Provinces { regions(level: PROVINCE, first: 100) { edges { node { code name } } } }`;

export const CATALOG = `query Catalog { datasets { id title cadence } }`;

export const STATIONS = `query ProvinceStations($province: String!) {
  airStations(regionCode: $province, first: 1000) {
    edges { node { code latitude longitude region { code level parent { code level } } } } } }`;

export const OVERVIEW = `query ProvinceOverview($province: String!, $at: DateTime) {
  provinceOverview(provinceCode: $province, at: $at) {
    at
    cities {
      regionCode region { name }
      latestHour { aqi level observedAt }
      yesterday { aqi level date }
      activeSites hotspots24h energyAnomalies
      activeAlert {
        level issuedAt startsAt endsAt
        compliance {
          requiredCutPercent compliant nonCompliant unknown
          enterprises { creditCode grade status achievedCutPercent enterprise { name } }
          sitesWithMachinery { siteId site { name } days { date machinesInUse } }
          muckTrucks { date vehiclesActive }
        }
      }
      freshness { dataset latestObservedAt stale }
    } } }`;

export const SCORES = `query MonthlyScores($province: String!, $month: Month!) {
  monthlyScores(provinceCode: $province, month: $month) {
    regionCode regionName month total provinceRank validDays complete dailyRank improvement goodDays heavyPollution bonus } }`;

export const CITY = `query CityDetail($city: String!, $from: Date!, $to: Date!, $since: DateTime!, $until: DateTime!) {
  cityDailyAqi(regionCode: $city, from: $from, to: $to) { date aqi level }
  dispersion(regionCode: $city, from: $from, to: $to) { date hoursWithData stagnantHours unfavourable }
  fireHotspots(regionCode: $city, from: $since, to: $until, first: 100) {
    edges { node { id detectedAt source kind status confidence latitude longitude } } } }`;

export const SUBSCRIPTION_FIELDS = `query SubscriptionFields { __schema { subscriptionType { fields { name
  args { name type { kind name ofType { kind name ofType { kind name } } } } } } } }`;

export interface Province {
  code: string;
  name: string;
}

export interface Dataset {
  id: string;
  title: string;
  cadence: string;
}

export interface StationNode {
  code: string;
  latitude: number | null;
  longitude: number | null;
  region: { code: string; level: string; parent: { code: string; level: string } | null } | null;
}

export interface Freshness {
  dataset: string;
  latestObservedAt: string | null;
  stale: boolean;
}

export interface Compliance {
  requiredCutPercent: number;
  compliant: number;
  nonCompliant: number;
  unknown: number;
  enterprises: { creditCode: string; grade: string; status: string; achievedCutPercent: number | null; enterprise: { name: string } | null }[];
  sitesWithMachinery: { siteId: string; site: { name: string } | null; days: { date: string; machinesInUse: number }[] }[];
  muckTrucks: { date: string; vehiclesActive: number | null }[];
}

export interface CityOverview {
  regionCode: string;
  region: { name: string };
  latestHour: { aqi: number | null; level: AqiLevel | null; observedAt: string } | null;
  yesterday: { aqi: number | null; level: AqiLevel | null; date: string } | null;
  activeSites: number;
  hotspots24h: number;
  energyAnomalies: number;
  activeAlert: { level: string; issuedAt: string; startsAt: string; endsAt: string | null; compliance: Compliance } | null;
  freshness: Freshness[];
}

export interface Overview {
  at: string;
  cities: CityOverview[];
}

export interface Score {
  regionCode: string;
  regionName: string;
  month: string;
  total: number;
  provinceRank: number | null;
  validDays: number;
  complete: boolean;
  dailyRank: number;
  improvement: number;
  goodDays: number;
  heavyPollution: number;
  bonus: number;
}

export interface CityDetail {
  cityDailyAqi: { date: string; aqi: number | null; level: AqiLevel | null }[];
  dispersion: { date: string; hoursWithData: number; stagnantHours: number; unfavourable: boolean }[];
  fireHotspots: {
    edges: {
      node: { id: string; detectedAt: string; source: string; kind: string | null; status: string; confidence: number | null; latitude: number | null; longitude: number | null };
    }[];
  };
}

export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

export interface SubscriptionField {
  name: string;
  args: { name: string; type: TypeRef }[];
}

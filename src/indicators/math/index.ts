/** Pure indicator math of the hub: AQI, daily and period statistics, per edition of the national rules. */
export * from './pollutants';
export * from './time';
export * from './rounding';
export * from './editions';
export * from './levels';
export * from './aqi';
export * from './composite-index';
export * from './daily';
export * from './partial-day';
export * from './period';

import { types } from 'pg';
import parseTimestamp from 'postgres-date';

// A SQL `date` is a calendar day (CST in this hub), not an instant: keep it as 'YYYY-MM-DD' rather than letting pg
// turn it into a JavaScript Date at local midnight.
const DATE_OID = 1082;
types.setTypeParser(DATE_OID, (value) => value);

// Instants through postgres-date 2 (its maintainer's character-by-character parser, the same dates as the regular
// expression of version 1 that pg-types ships): every hourly row carries one, and version 1 took 4 % of the hub's
// busy CPU on pages of 100 hours (bench:postgraphile station-hours, profiled).
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;
types.setTypeParser(TIMESTAMP_OID, parseTimestamp);
types.setTypeParser(TIMESTAMPTZ_OID, parseTimestamp);

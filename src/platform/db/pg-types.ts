import { types } from 'pg';

// A SQL `date` is a calendar day (CST in this hub), not an instant: keep it as 'YYYY-MM-DD' rather than letting pg
// turn it into a JavaScript Date at local midnight.
const DATE_OID = 1082;
types.setTypeParser(DATE_OID, (value) => value);

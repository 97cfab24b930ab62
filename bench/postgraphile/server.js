// PostGraphile 5 (amber preset, grafserv on node:http) over the hub's `public` schema, for bench/vs-postgraphile.ts.
// Environment: DATABASE_URL, PORT. Prints "listening <url>" once it serves; SIGTERM stops it.
const http = require('node:http');

// PostGraphile 5 calls Promise.withResolvers, which Node gained in 22; the hub runs on 20.
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const { postgraphile } = require('postgraphile');
const { PostGraphileAmberPreset } = require('postgraphile/presets/amber');
const { makePgService } = require('postgraphile/adaptors/pg');
const { grafserv } = require('postgraphile/grafserv/node');
const { PgAggregatesPreset } = require('@graphile/pg-aggregates');
const { PostGraphileConnectionFilterPreset } = require('postgraphile-plugin-connection-filter');

const port = Number(process.env.PORT);
const preset = {
  extends: [PostGraphileAmberPreset, PgAggregatesPreset, PostGraphileConnectionFilterPreset],
  // node-postgres' default pool of 10 connections, as many as the hub's DB_POOL_SIZE by default.
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'] })],
  grafserv: { port, graphiql: false, watch: false },
  grafast: { explain: false },
};

async function main() {
  const server = http.createServer();
  const serv = postgraphile(preset).createServ(grafserv);
  serv.addTo(server);
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
  process.once('SIGTERM', () => {
    server.close();
    void serv.release().then(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

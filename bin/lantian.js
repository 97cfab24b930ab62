#!/usr/bin/env node
// The `lantian` command, compiled by `npm run build` (run on install by `prepare`).
require('../dist/src/cli.js');

#!/usr/bin/env node
// The `lantian` command: dist/src/app/cli.js, compiled on install (`prepare`) and again only when sources changed.
require('./run-built.js')('src/app/cli', process.argv.slice(2));

#!/usr/bin/env node
// The `lantian` command: dist/src/cli.js, compiled on install (`prepare`) and again only when sources changed.
require('./run-built.js')('src/cli', process.argv.slice(2));

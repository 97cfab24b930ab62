#!/usr/bin/env node
// The `lantian` command: runs the TypeScript CLI through SWC (which keeps decorator metadata).
require('@swc-node/register');
require('../src/cli.ts');

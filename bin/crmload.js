#!/usr/bin/env node
// First, before anything else loads: signals are held from this instant (a Ctrl-C in the first
// second still ends a run with its report) and scenario console output goes to stderr.
import { catchSignalsEarly, routeConsoleToStderr } from '../dist/cli/early.js';

catchSignalsEarly();
routeConsoleToStderr();
const { main } = await import('../dist/cli/main.js');
await main(process.argv.slice(2));

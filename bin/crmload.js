#!/usr/bin/env node
// First, before anything else loads: signals are held from this instant (a Ctrl-C in the first
// second still ends a run with its report) and scenario console output goes to stderr. Then V8,
// while the process is still small (dist/cli/v8-tuning.js says why); then everything else.
import { catchSignalsEarly, routeConsoleToStderr } from '../dist/cli/early.js';
import { capYoungGeneration, tuneV8 } from '../dist/cli/v8-tuning.js';

catchSignalsEarly();
routeConsoleToStderr();
tuneV8(process.execArgv, process.env.NODE_OPTIONS, process.env);
capYoungGeneration(process.execArgv, process.env.NODE_OPTIONS);
const { main } = await import('../dist/cli/main.js');
await main(process.argv.slice(2));

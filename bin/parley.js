#!/usr/bin/env node
// The `parley` command: the prebuilt bundle when it is fresh, else the TypeScript sources (bundle.js).
import process from 'node:process';
import { bundle, bundleIsFresh, sources } from './bundle.js';

const { runFromProcess } = await import((bundleIsFresh() ? bundle : sources).href);
process.exitCode = await runFromProcess();

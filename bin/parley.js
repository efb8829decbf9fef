#!/usr/bin/env node
// The `parley` command. Node 24 runs the TypeScript sources directly (type stripping).
import process from 'node:process';
import { runFromProcess } from '../src/cli/main.ts';

process.exitCode = await runFromProcess();

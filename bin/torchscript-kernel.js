#!/usr/bin/env node
// The `torchscript-kernel` command: the compiled CLI (run `npm run build` first).
import process from 'node:process';
import { main } from '../build/kernel/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

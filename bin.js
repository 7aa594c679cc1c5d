#!/usr/bin/env node
import module from 'node:module';

// Reuse compiled code between runs where Node supports it (22.1+).
module.enableCompileCache?.();
await import('./dist/cli.js');

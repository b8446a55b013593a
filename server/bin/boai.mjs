#!/usr/bin/env node
// The boai CLI: runs the TypeScript server through tsx (no separate build step for the server).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');

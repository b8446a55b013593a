// `npm start`: builds what is needed (the web app), then runs `boai serve` (migrate, seed demo data on first run, serve).
import { ensureWebBuilt } from './web-build.mjs';

ensureWebBuilt();
process.argv[2] = 'serve';
await import('../server/bin/boai.mjs');

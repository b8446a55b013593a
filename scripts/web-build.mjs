// Builds the web app when web/dist is missing or older than its sources (shared by start and the browser tests).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) {
    return newest;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Returns true when a build ran. Throws when the build fails. */
export function ensureWebBuilt({ quiet = false } = {}) {
  const index = path.join(root, 'web', 'dist', 'index.html');
  const sources = [
    path.join(root, 'web', 'src'),
    path.join(root, 'web', 'index.html'),
    path.join(root, 'web', 'vite.config.ts'),
    path.join(root, 'server', 'src'),
  ].map((p) =>
    fs.existsSync(p) && fs.statSync(p).isDirectory() ? newestMtime(p) : fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources)) {
    return false;
  }
  if (!quiet) {
    console.log('Building the web app (web/dist)…');
  }
  const res = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: quiet ? 'pipe' : 'inherit' });
  if (res.status !== 0) {
    throw new Error(`web build failed${quiet ? `:\n${res.stdout}\n${res.stderr}` : ''}`);
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureWebBuilt();
}

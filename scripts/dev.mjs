// `npm run dev`: the API server (port 3000) and the Vite dev server with hot reload (port 5173, proxying /api).
import { spawn } from 'node:child_process';

const children = [
  spawn('node', ['server/bin/boai.mjs', 'serve'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'development' },
  }),
  spawn('npm', ['run', 'dev', '-w', 'web'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const c of children) {
    c.kill('SIGTERM');
  }
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) {
  c.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
}

// Child process of the responder fan-out benchmark: one Boai server instance (the real app on PostgreSQL, listening
// on a port), as production runs it, plus an IPC hook for the baseline (a bare realtime publish to given topics).
//   argv: --url=<postgres url> --port=<port>
//   parent -> { cmd: 'publish', key, topics }  -> { cmd: 'published', key }
//   parent -> { cmd: 'stats' }                 -> { cmd: 'stats', rssMb, cpuMs, realtime }
//   parent -> { cmd: 'close' }                 -> exits
import { buildApp } from '../server/src/app';
import { openPostgres } from '../server/src/db/client';
import { configurePii, createPii, derivePiiKeys } from '../server/src/platform/pii';
import { benchMasterKey } from './harness';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const url = arg('url')!;
const port = Number(arg('port'));

configurePii(createPii(derivePiiKeys(benchMasterKey)));
const database = await openPostgres(url, { max: 10 });
const app = await buildApp({ database, logLevel: 'warn', rateLimits: false, webDist: '/nonexistent' });
app.realtime.gateway.topic('bench:', () => true);
await app.listen({ port, host: '127.0.0.1' });
let peakRss = process.memoryUsage().rss;
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200).unref();

process.on('message', async (m: { cmd: string } & Record<string, unknown>) => {
  if (m.cmd === 'publish') {
    const topics = m.topics as string[];
    await database.db.transaction((tx) =>
      app.realtime.publish(
        tx,
        topics.map((topic) => ({ topic, event: 'bench', data: { key: m.key } })),
      ),
    );
    process.send?.({ cmd: 'published', key: m.key });
  } else if (m.cmd === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({
      cmd: 'stats',
      rssMb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      realtime: app.realtime.stats(),
    });
  } else if (m.cmd === 'close') {
    await app.close();
    await database.close();
    process.exit(0);
  }
});
process.send?.({ cmd: 'ready' });

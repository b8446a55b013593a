// Starts a full Boai process: configuration, database, migrations, demo seed, job worker, HTTP server.
import { buildApp } from './app';
import { type Config, loadConfig } from './config';
import { type Database, openDatabase } from './db/client';
import { migrateDatabase } from './db/migrate';
import { defineAedJobs } from './modules/aed/aed.jobs';
import { defineDonationJobs } from './modules/donations/donations.jobs';
import { createGivingRuntime, readPaymentsFile } from './modules/donations/donations-runtime';
import { defineGoodsJobs } from './modules/goods/goods.jobs';
import { defineGrievancesJobs } from './modules/grievances/grievances.jobs';
import { defineKpiJobs } from './modules/kpi/kpi.jobs';
import { ensureKpiCatalogue } from './modules/kpi/kpi.service';
import { defineKpiReportJobs } from './modules/kpi/kpi-reports.jobs';
import { defineLedgerJobs, ensureLedgerTiles } from './modules/ledger/ledger.service';
import { deriveLedgerKey } from './modules/ledger/ledger-key';
import { defineMembersJobs } from './modules/members/members.jobs';
import { defineMemberPointsJobs } from './modules/members/members-points.jobs';
import { defineMutualaidJobs } from './modules/mutualaid/mutualaid.jobs';
import { defineOrganJobs } from './modules/registry/registry-organ.jobs';
import { defineStemCellJobs } from './modules/registry/registry-stemcell.jobs';
import { seedReliefKinds } from './modules/relief/relief.service';
import { defineRescueJobs } from './modules/rescue/rescue.jobs';
import { defineResponseJobs } from './modules/response/response.jobs';
import { configureResponse } from './modules/response/response.service';
import { defineServicesJobs } from './modules/services/services.jobs';
import { ensureServiceReference } from './modules/services/services.service';
import { defineTrainingJobs } from './modules/training/training.jobs';
import { ensureTrainingReference } from './modules/training/training.service';
import { configureExamPace } from './modules/training/training-exam-paper';
import { defineAuditChainJobs, deriveAuditChainKey } from './platform/audit/audit-chain';
import { startJobWorker } from './platform/jobs/jobs.service';
import { devAdapter, smtpAdapter } from './platform/notify/notify.adapters';
import { defineDeliveryJob } from './platform/notify/notify.service';
import { markDraining } from './platform/observability/observability';
import { configurePii, createPii, keyringOf, loadMasterKeys } from './platform/pii';
import { definePiiRotationJob } from './platform/pii-rotation';
import { syncBuiltinRoles } from './platform/rbac/rbac.service';
import { demoAccounts, demoPassword, seedDemo } from './seed/demo-seed';

export async function openConfigured(config: Config): Promise<Database> {
  configurePii(createPii(keyringOf(readMasterKeys(config))));
  return openDatabase(config);
}

function readMasterKeys(config: Config) {
  return loadMasterKeys({
    secretKeyHex: config.secretKeyHex,
    previousSecretKeysHex: config.previousSecretKeysHex,
    lookupSecretKeyHex: config.lookupSecretKeyHex,
    dataDir: config.dataDir,
  });
}

/** The key the ledger and payment keys derive from: the lookup key, which stays the same across a rotation. */
function readMasterKey(config: Config): Buffer {
  return readMasterKeys(config).lookup;
}

export async function migrate(database: Database): Promise<void> {
  await migrateDatabase(database);
  await syncBuiltinRoles(database.db);
  await ensureServiceReference(database.db);
  await ensureTrainingReference(database.db);
  await ensureKpiCatalogue(database.db);
  await seedReliefKinds(database.db);
  await ensureLedgerTiles(database.db);
}

export async function runMigrate(): Promise<void> {
  const config = loadConfig();
  const database = await openConfigured(config);
  await migrate(database);
  console.log(`migrated (${database.kind})`);
  await database.close();
}

export async function runSeed(): Promise<void> {
  const config = loadConfig();
  const database = await openConfigured(config);
  await migrate(database);
  const seeded = await seedDemo(database.db);
  console.log(seeded ? 'demo data seeded' : 'data already present; seed skipped');
  await database.close();
}

export async function runServe(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const database = await openConfigured(config);
  await migrate(database);
  // Before the demo seed and the app: the seed raises its demo emergency with the configured search.
  configureResponse(config.response);
  configureExamPace({ minSecondsPerQuestion: config.examMinSecondsPerQuestion });
  const seeded = config.demoSeed ? await seedDemo(database.db) : false;
  const adapter =
    config.notifyAdapter === 'smtp' && config.smtpUrl ? smtpAdapter(config.smtpUrl, config.smtpFrom) : devAdapter;
  defineDeliveryJob(adapter);
  const ledger = { ...deriveLedgerKey(readMasterKey(config), config.ledgerOrigin), witnesses: config.ledgerWitnesses };
  defineLedgerJobs(ledger.signer, ledger.origin, config.checkpointIntervalMs);
  defineAuditChainJobs({ key: deriveAuditChainKey(readMasterKey(config)) });
  const giving = createGivingRuntime({
    master: readMasterKey(config),
    publicUrl: config.publicUrl,
    providers: config.paymentsFile ? readPaymentsFile(config.paymentsFile) : undefined,
    localPayments: config.localPayments,
    rules: config.maxOnlineGiftFen ? { maxOnlineFen: config.maxOnlineGiftFen } : undefined,
  });
  defineDonationJobs({ publicUrl: config.publicUrl, giving });
  defineGoodsJobs();
  defineGrievancesJobs();
  defineServicesJobs();
  defineTrainingJobs();
  defineResponseJobs();
  defineMutualaidJobs();
  defineAedJobs();
  defineRescueJobs();
  defineMembersJobs();
  defineMemberPointsJobs();
  defineStemCellJobs();
  defineOrganJobs();
  defineKpiJobs({ refreshMs: config.kpiRefreshSeconds * 1000 });
  defineKpiReportJobs({ publicUrl: config.publicUrl });
  definePiiRotationJob();
  const app = await buildApp({
    ledger,
    giving,
    database,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    showOutboxSecrets: adapter === devAdapter,
    logLevel: config.logLevel,
    map: config.map,
    metricsToken: config.metricsToken,
  });
  const stopJobs = config.jobsEnabled
    ? startJobWorker(database.db, { onError: (e) => app.log.error({ err: e }, 'job worker') })
    : async () => {};
  await app.listen({ port: config.port, host: config.host });

  const lines = [
    '',
    `  博爱 Boai is running at ${config.publicUrl}  (database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  API docs: ${config.publicUrl}/api/docs`,
  ];
  if (config.demoSeed) {
    lines.push(
      seeded ? '  Demo data was created on this first run.' : '  Demo data is in place.',
      `  Demo staff accounts (password: ${demoPassword}):`,
    );
    for (const a of demoAccounts) {
      lines.push(`    ${a.username.padEnd(10)} ${a.note}`);
    }
    lines.push(
      '  Public sign-in: any mainland mobile number; the code appears on the console page 消息发件箱 (dev SMS adapter).',
    );
  }
  console.log(`${lines.join('\n')}\n`);

  let closing = false;
  // Graceful shutdown: readiness turns 503 (the load balancer stops sending), the job worker claims nothing more,
  // WebSockets are closed with 1012 (service restart: clients reconnect, to another instance), in-flight requests
  // and the running job finish, then the database closes. Past the time limit the process exits anyway (1): a job
  // cut short rolls back and runs again after its lease expires; a request cut short is retried by the client.
  const shutdown = async (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    app.log.info({ signal, timeoutSeconds: config.shutdownTimeoutMs / 1000 }, 'shutting down: draining');
    markDraining(app);
    setTimeout(() => {
      app.log.error('shutdown timed out: exiting with work still in flight');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    try {
      for (const ws of app.websocketServer.clients) {
        ws.close(1012, 'server restarting');
      }
      await Promise.all([app.close(), stopJobs()]);
      await database.close();
      app.log.info('shut down cleanly');
    } catch (e) {
      app.log.error({ err: e }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

// Serving the built web app: client-side routes get index.html, missing assets and API paths get a 404.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoaiApp, buildApp } from '../../app';
import { createTestDatabase } from '../../test/test-app';

describe('the web app shell', () => {
  let app: BoaiApp;
  let close: () => Promise<void>;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-dist-'));

  beforeAll(async () => {
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>shell</title>');
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    const { database, drop } = await createTestDatabase();
    app = await buildApp({ database, logLevel: 'silent', webDist: dist });
    await app.ready();
    close = async () => {
      await app.close();
      await database.close();
      await drop();
      fs.rmSync(dist, { recursive: true, force: true });
    };
  });
  afterAll(() => close());

  it('answers a page navigation to a client-side route with index.html', async () => {
    const res = await app.inject({ method: 'GET', url: '/console/orgs', headers: { accept: 'text/html,*/*' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>shell</title>');
  });

  it('serves built assets and answers a missing one with 404, not the HTML shell', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/assets/gone.js', headers: { accept: '*/*' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<title>shell</title>');
  });

  it('keeps JSON 404s for unknown API paths', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nope', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});

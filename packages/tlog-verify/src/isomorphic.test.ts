// The package must run in a browser as well as in Node: bundled for the browser platform (which fails on any node:
// import) and run in a bare JavaScript context with no Node globals (no Buffer, no process, no require), it still
// verifies a real sum.golang.org checkpoint and an RFC 6962 inclusion proof.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const srcDir = path.dirname(fileURLToPath(import.meta.url));

describe('isomorphism', () => {
  it('imports nothing from node: and uses no Node globals in its sources', () => {
    const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = fs.readFileSync(path.join(srcDir, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|\bBuffer\b|\bprocess\.|\brequire\(/);
    }
  });

  it('bundles for the browser and verifies in a context without Node globals', async () => {
    const result = await build({
      entryPoints: [path.join(srcDir, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'tlog',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].text;
    const context = vm.createContext({ TextEncoder, TextDecoder });
    vm.runInContext(code, context);
    const outcome = vm.runInContext(
      `(() => {
        const cp = tlog.verifyCheckpoint(
          'go.sum database tree\\n6476701\\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\\n\\n' +
            '\\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\\n',
          'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
          { origin: 'go.sum database tree' },
        );
        const h = (x) => tlog.fromHex(x);
        const included = tlog.verifyInclusion(
          tlog.leafHash(h('')), 0, 8,
          ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
           '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
           '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'].map(h),
          h('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'),
        );
        let forged = 'accepted';
        try {
          tlog.verifyCheckpoint('go.sum database tree\\n6476702\\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\\n\\n' +
            '\\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\\n',
            'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', { origin: 'go.sum database tree' });
        } catch (e) { forged = e.name; }
        return { size: cp.size, included, forged, hasBuffer: typeof Buffer, hasProcess: typeof process };
      })()`,
      context,
    );
    expect(outcome).toEqual({
      size: 6476701,
      included: true,
      forged: 'VerifyError',
      hasBuffer: 'undefined',
      hasProcess: 'undefined',
    });
  });
});

// Runs before the app's modules (a classic script ahead of the module script in index.html): zod 4 compiles its
// parsers with `new Function` unless configured jitless, and the Content-Security-Policy allows no eval (script-src
// 'self'). zod reads this global config when it loads. See docs/security.md.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });

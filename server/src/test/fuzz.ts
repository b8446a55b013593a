// The request fuzzer: from a route's OpenAPI operation (app.swagger(), JSON Schema made by jsonSchemaTransform) it
// generates seeded request cases in families — invalid ones (wrong types, missing and extra fields, boundary
// numbers, huge strings, unicode edge cases, malformed JSON, wrong content types, wrong shapes, deep nesting, bad
// path parameters, bad multipart) and valid-but-hostile ones (values the schema accepts that carry SQL, markup,
// traversal, CRLF and format strings, extreme dates, max-length strings, empty arrays). Same seed, same cases.
// Used by platform/http/fuzz.http.test.ts (a short run in `npm test`) and bench/fuzz.ts (the full run).

/** A JSON Schema node as jsonSchemaTransform writes it (no $ref in request schemas). */
export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};

type Parameter = { name: string; in: 'path' | 'query'; required?: boolean; schema: Schema };

/** One registered route with what its OpenAPI operation says about its input. */
export type FuzzOperation = {
  method: string;
  /** Fastify's form: /api/orgs/:id, /api/ledger/tile/* */
  url: string;
  path: Parameter[];
  query: Parameter[];
  body?: Schema;
  bodyRequired: boolean;
  /** No OpenAPI operation (a wildcard route): only path and shape cases. */
  documented: boolean;
};

export type FuzzCase = {
  family: Family;
  /** What was done, for the failure report. */
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Send it without the signed-in caller. */
  anonymous: boolean;
};

export const families = [
  'valid-hostile',
  'wrong-type',
  'missing-required',
  'extra-field',
  'boundary-number',
  'huge-string',
  'unicode',
  'malformed-json',
  'content-type',
  'wrong-shape',
  'deep-nesting',
  'path-param',
  'multipart',
  'anonymous',
] as const;
export type Family = (typeof families)[number];

// ------------------------------------------------------------------------------------------------ randomness

export type Rand = {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

/** mulberry32: small, fast and the same on every platform. */
export function createRand(seed: number): Rand {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

/** The default seed keeps CI repeatable; BOAI_FUZZ_SEED=<n> replays (or explores) another run. */
export const defaultFuzzSeed = 20260909;

export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BOAI_FUZZ_SEED;
  if (raw === undefined || raw === '') {
    return defaultFuzzSeed;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new Error(`BOAI_FUZZ_SEED must be an integer 0…4294967295, not ${raw}`);
  }
  return n;
}

/** A per-route stream, so one route's cases do not shift when another route is added. */
export function routeSeed(seed: number, method: string, url: string): number {
  let h = seed ^ 0x811c9dc5;
  for (const ch of `${method} ${url}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// ------------------------------------------------------------------------------------------------ operations

type OpenApiDoc = {
  paths?: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> } }
    >
  >;
};

/** The operation of each route (by method and Fastify URL); undocumented routes get an empty one. */
export function operationsOf(doc: unknown, routes: { method: string; url: string }[]): FuzzOperation[] {
  const paths = (doc as OpenApiDoc).paths ?? {};
  return routes.map(({ method, url }) => {
    const openapiPath = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op = paths[openapiPath]?.[method.toLowerCase()];
    const parameters = op?.parameters ?? [];
    const content = op?.requestBody?.content;
    const body = content?.['application/json']?.schema;
    const pathParams = parameters.filter((p) => p.in === 'path');
    // Path parameters the operation does not describe (none today) still get fuzzed as free strings.
    for (const m of url.matchAll(/:([A-Za-z0-9_]+)/g)) {
      if (!pathParams.some((p) => p.name === m[1])) {
        pathParams.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
      }
    }
    return {
      method,
      url,
      path: pathParams,
      query: parameters.filter((p) => p.in === 'query'),
      body,
      bodyRequired: op?.requestBody?.required ?? false,
      documented: op !== undefined,
    };
  });
}

// ------------------------------------------------------------------------------------------------ hostile values

/** Strings a careless handler would mis-handle; each is valid text. */
export const hostileStrings = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  "1' UNION SELECT password_hash FROM users --",
  '"); SELECT pg_sleep(5); --',
  '\\x27 OR 1=1',
  '%',
  '_',
  '%_%\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  '%s%s%s%n%x',
  '%d %p %@',
  '$(touch /tmp/pwned)',
  '`id`',
  '=cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  'null',
  'undefined',
  'NaN',
  '0',
  '-1',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '红十字会 博爱',
  'ＡＢＣ１２３',
  'Robert\u202Egnp.exe',
] as const;

/** Text that is valid JSON but hard on storage, search and rendering. */
export const unicodeStrings = [
  '\uD800',
  'a\uDC00b',
  '\u202Eabc',
  'a\u200Bb\u200Dc\uFEFF',
  '👩‍👩‍👧‍👦🧑🏽‍🚒',
  'e\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̴̡̧̛̛͓͎̯̗̝̼̘̹̞͕̊̋̽̓̈́̾͂̈́͘a̷l̶g̶o̸',
  'a\u0000b',
  '\u0000',
  '１２３４５６',
  '٠١٢٣٤٥٦٧٨٩',
  '\u0085\u2028\u2029',
  '\uFFFF\uFFFE',
  '𠜎𠜱𠝹',
  'İı ß ﬁ',
] as const;

/** CRLF header injection: only where the schema lets control characters through. */
export const crlfStrings = ['a\r\nSet-Cookie: boai_session=evil', 'x\r\n\r\n<h1>injected</h1>', 'a\nb\tc'] as const;

const extremeDates = ['1900-01-01', '2099-12-31', '2028-02-29', '1970-01-01', '2000-02-29'] as const;
const extremeDateTimes = [
  '1900-01-01T00:00:00.000Z',
  '2099-12-31T23:59:59.999Z',
  '2028-02-29T12:00:00.000Z',
  '1970-01-01T00:00:00.000Z',
] as const;
const invalidDates = ['2026-02-29', '2026-13-01', '2026-00-10', '0000-00-00', '99999-01-01', '2026-1-1', '20260101'];

/** Numbers for integer and number fields (JSON): sentinels are written raw into the body text. */
const negZero = '__fuzz_neg_zero__';
const overflow = '__fuzz_1e400__';
const boundaryJsonNumbers: unknown[] = [
  0,
  -1,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  -1e308,
  negZero,
  overflow,
  1.5,
  0.1,
  5e-324,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e3',
  '0x10',
];
const boundaryQueryNumbers = [
  '0',
  '-1',
  '2147483648',
  '-2147483649',
  '9007199254740992',
  '1e308',
  '1e400',
  '-0',
  'NaN',
  'Infinity',
  '1.5',
  '0x10',
  ' 1',
  '1 ',
  '',
  '１２',
  '00000000000000000000001',
];
const badPathValues = [
  'not-a-uuid',
  '-1',
  '0',
  '1.5',
  '9007199254740993',
  '2147483648',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f',
  '%00',
  'a%0d%0aSet-Cookie:x=1',
  "1'%20OR%20'1'='1",
  '%F0%9F%92%A9',
  '%E2%80%AE',
  '00000000-0000-0000-0000-00000000000g',
  '{id}',
  'NaN',
  'x'.repeat(199),
  'y'.repeat(400),
];

// ------------------------------------------------------------------------------------------------ regex → string

const compiled = new Map<string, RegExp>();
function regexOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    compiled.set(pattern, re);
  }
  return re;
}

type Node =
  | { t: 'lit'; ch: string }
  | { t: 'set'; test: (c: string) => boolean; sample: string[] }
  | { t: 'group'; alts: Node[][] }
  | { t: 'rep'; node: Node; min: number; max: number };

const classPool = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/@+ ',
  '中',
  '红',
  '<',
  "'",
  '"',
  '%',
  '…',
];

/** A tiny generator for the simple patterns schemas use (classes, groups, alternation, quantifiers). */
function parsePattern(source: string): Node[] | null {
  let i = 0;
  const atomSet = (body: string): Node => {
    const re = new RegExp(`^[${body}]$`, 'u');
    const sample = classPool.filter((c) => re.test(c));
    return { t: 'set', test: (c) => re.test(c), sample };
  };
  const parseSeq = (): Node[][] => {
    const alts: Node[][] = [[]];
    while (i < source.length) {
      const c = source[i];
      if (c === ')') {
        return alts;
      }
      if (c === '|') {
        alts.push([]);
        i++;
        continue;
      }
      let node: Node;
      if (c === '^' || c === '$') {
        i++;
        continue;
      }
      if (c === '(') {
        i++;
        if (source.startsWith('?:', i)) {
          i += 2;
        } else if (source[i] === '?') {
          throw new Error('lookaround');
        }
        node = { t: 'group', alts: parseSeq() };
        i++;
      } else if (c === '[') {
        let j = i + 1;
        while (j < source.length && source[j] !== ']') {
          j += source[j] === '\\' ? 2 : 1;
        }
        node = atomSet(source.slice(i + 1, j));
        i = j + 1;
      } else if (c === '\\') {
        const e = source[i + 1];
        if (e === 'p' || e === 'P') {
          const end = source.indexOf('}', i);
          node = atomSet(source.slice(i, end + 1));
          i = end + 1;
        } else if ('dDwWsS'.includes(e)) {
          node = atomSet(`\\${e}`);
          i += 2;
        } else {
          node = { t: 'lit', ch: e };
          i += 2;
        }
      } else if (c === '.') {
        node = atomSet('^\\n');
        i++;
      } else {
        node = { t: 'lit', ch: c };
        i++;
      }
      const q = source[i];
      if (q === '*' || q === '+' || q === '?') {
        node = { t: 'rep', node, min: q === '+' ? 1 : 0, max: q === '?' ? 1 : 8 };
        i++;
      } else if (q === '{') {
        const end = source.indexOf('}', i);
        const [lo, hi] = source.slice(i + 1, end).split(',');
        const min = Number(lo);
        node = { t: 'rep', node, min, max: hi === undefined ? min : hi === '' ? min + 8 : Number(hi) };
        i = end + 1;
      }
      alts[alts.length - 1].push(node);
    }
    return alts;
  };
  try {
    const alts = parseSeq();
    return [{ t: 'group', alts }];
  } catch {
    return null;
  }
}

function emit(nodes: Node[], rand: Rand, out: string[]): void {
  for (const n of nodes) {
    if (n.t === 'lit') {
      out.push(n.ch);
    } else if (n.t === 'set') {
      out.push(n.sample.length > 0 ? rand.pick(n.sample) : 'a');
    } else if (n.t === 'group') {
      emit(rand.pick(n.alts), rand, out);
    } else {
      const count = rand.int(n.min, Math.min(n.max, n.min + 8));
      for (let k = 0; k < count; k++) {
        emit([n.node], rand, out);
      }
    }
  }
}

/** A string matching `pattern` (and the length bounds), or undefined when the generator cannot make one. */
export function stringForPattern(pattern: string, rand: Rand, minLength = 0, maxLength = 200): string | undefined {
  const re = regexOf(pattern);
  const nodes = parsePattern(pattern);
  if (!nodes) {
    return undefined;
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const out: string[] = [];
    emit(nodes, rand, out);
    const s = out.join('');
    if (re.test(s) && s.length >= minLength && s.length <= maxLength) {
      return s;
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------ valid values

/** Ids of real rows (from the test's fixtures) that valid cases use now and then, so handlers get past lookups. */
export type KnownIds = { uuids: string[]; ints: number[] };

function randomUuid(rand: Rand): string {
  const hex = () => rand.int(0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-${rand.pick(['8', '9', 'a', 'b'])}${part(3)}-${part(12)}`;
}

function typesOf(s: Schema): string[] {
  if (s.type) {
    return Array.isArray(s.type) ? s.type : [s.type];
  }
  if (s.enum) {
    return [...new Set(s.enum.map((v) => (v === null ? 'null' : typeof v)))];
  }
  if (s.properties) {
    return ['object'];
  }
  return [];
}

/** The alternatives of an anyOf/oneOf, non-null first. */
function branches(s: Schema): Schema[] | undefined {
  const list = s.anyOf ?? s.oneOf;
  if (!list) {
    return undefined;
  }
  const nonNull = list.filter((b) => !(b.type === 'null'));
  return nonNull.length > 0 ? nonNull : list;
}

function fits(s: Schema, v: string): boolean {
  if (s.minLength !== undefined && v.length < s.minLength) {
    return false;
  }
  if (s.maxLength !== undefined && v.length > s.maxLength) {
    return false;
  }
  if (s.pattern && !regexOf(s.pattern).test(v)) {
    return false;
  }
  return true;
}

/** Pads or clips to the length bounds. */
function sized(s: Schema, v: string): string {
  let out = v;
  const min = s.minLength ?? 0;
  while (out.length < min) {
    out += 'x';
  }
  if (s.maxLength !== undefined && out.length > s.maxLength) {
    out = out.slice(0, s.maxLength);
  }
  return out;
}

export type GenContext = { rand: Rand; known: KnownIds; hostile: boolean };

function validString(s: Schema, g: GenContext): string {
  const { rand } = g;
  if (s.format === 'uuid') {
    return g.known.uuids.length > 0 && rand.chance(0.5) ? rand.pick(g.known.uuids) : randomUuid(rand);
  }
  if (s.format === 'date') {
    return rand.pick(extremeDates);
  }
  if (s.format === 'date-time') {
    return rand.pick(extremeDateTimes);
  }
  if (s.format === 'email') {
    return rand.pick(["o'brien+<x>@example.com", 'a@b.cn', `${'a'.repeat(60)}@example.org`]);
  }
  if (s.format === 'uri') {
    return rand.pick(['https://example.org/<script>', 'http://127.0.0.1:5432/', 'https://例子.中国/?q=%00']);
  }
  if (g.hostile) {
    const pool: string[] = [...hostileStrings, ...unicodeStrings.filter((u) => !u.includes('\u0000')), ...crlfStrings];
    if (s.maxLength !== undefined && s.maxLength > 0 && rand.chance(0.2)) {
      pool.push(`<script>${'长'.repeat(s.maxLength)}`);
    }
    for (let attempt = 0; attempt < 6; attempt++) {
      const candidate = rand.pick(pool);
      if (fits(s, candidate)) {
        return candidate;
      }
      if (!s.pattern) {
        return sized(s, candidate);
      }
    }
  }
  if (s.pattern) {
    const made = stringForPattern(s.pattern, rand, s.minLength ?? 0, s.maxLength ?? 200);
    if (made !== undefined) {
      return made;
    }
  }
  return sized(s, rand.pick(['fuzz', '博爱', 'a b']));
}

function validNumber(s: Schema, integer: boolean, g: GenContext): number {
  const { rand } = g;
  let lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6);
  let hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6);
  if (s.minimum !== undefined && s.exclusiveMinimum !== undefined) {
    lo = Math.max(s.minimum, s.exclusiveMinimum + (integer ? 1 : 1e-6));
  }
  if (s.maximum !== undefined && s.exclusiveMaximum !== undefined) {
    hi = Math.min(s.maximum, s.exclusiveMaximum - (integer ? 1 : 1e-6));
  }
  if (integer) {
    lo = Math.ceil(lo);
    hi = Math.floor(hi);
    const candidates = [lo, hi, lo + 1, 1, 0].filter((v) => v >= lo && v <= hi);
    if (g.known.ints.length > 0 && rand.chance(0.4)) {
      const known = g.known.ints.filter((v) => v >= lo && v <= hi);
      if (known.length > 0) {
        return rand.pick(known);
      }
    }
    return rand.chance(0.6) ? rand.pick(candidates) : lo + Math.floor(rand.next() * Math.min(hi - lo + 1, 1e9));
  }
  return rand.pick([lo, hi, (lo + hi) / 2, lo + (hi - lo) * rand.next()]);
}

/** A value `s` accepts (as far as JSON Schema can say; zod refinements beyond it may still refuse it). */
export function validValue(s: Schema, g: GenContext, depth = 0): unknown {
  const { rand } = g;
  if (s.const !== undefined) {
    return s.const;
  }
  if (s.enum) {
    return rand.pick(s.enum);
  }
  const alts = branches(s);
  if (alts) {
    return validValue(rand.pick(alts), g, depth);
  }
  if (s.allOf) {
    return validValue(Object.assign({}, ...s.allOf), g, depth);
  }
  const types = typesOf(s).filter((t) => t !== 'null');
  const type = types.length > 0 ? rand.pick(types) : typesOf(s)[0];
  switch (type) {
    case 'string':
      return validString(s, g);
    case 'integer':
      return validNumber(s, true, g);
    case 'number':
      return validNumber(s, false, g);
    case 'boolean':
      return rand.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.min(s.maxItems ?? 3, min + 3);
      const n = min === 0 && rand.chance(0.3) ? 0 : rand.int(min, Math.max(min, max));
      return Array.from({ length: n }, () => (s.items ? validValue(s.items, g, depth + 1) : 'x'));
    }
    case 'object':
      return validObject(s, g, depth);
    default:
      return rand.pick(['fuzz', 1, true]);
  }
}

function validObject(s: Schema, g: GenContext, depth: number): Record<string, unknown> {
  const { rand } = g;
  const out: Record<string, unknown> = {};
  const required = new Set(s.required ?? []);
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (required.has(key) || rand.chance(depth > 2 ? 0.2 : 0.6)) {
      out[key] = validValue(prop, g, depth + 1);
    }
  }
  if (!s.properties && typeof s.additionalProperties === 'object') {
    const names = s.propertyNames?.enum as string[] | undefined;
    const keys = names ?? Array.from({ length: rand.int(0, 2) }, (_, k) => `k${k}`);
    for (const key of keys) {
      if (required.has(key) || names === undefined || rand.chance(0.7)) {
        out[key] = validValue(s.additionalProperties, g, depth + 1);
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ slots

/** A place in a request that a mutation can aim at. */
type Slot = { loc: 'body' | 'query'; path: (string | number)[]; schema: Schema };

/** The fields of a generated body (object properties, recursively; arrays by their first item). */
function bodySlots(s: Schema, value: unknown, path: (string | number)[], out: Slot[], depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') {
    return;
  }
  const branch = branches(s)?.find((b) => typesOf(b).includes(Array.isArray(value) ? 'array' : 'object')) ?? s;
  if (Array.isArray(value)) {
    if (value.length > 0 && branch.items) {
      out.push({ loc: 'body', path: [...path, 0], schema: branch.items });
      bodySlots(branch.items, value[0], [...path, 0], out, depth + 1);
    }
    return;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const prop =
      branch.properties?.[key] ?? (typeof branch.additionalProperties === 'object' ? branch.additionalProperties : {});
    out.push({ loc: 'body', path: [...path, key], schema: prop });
    bodySlots(prop, v, [...path, key], out, depth + 1);
  }
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) {
      node.splice(Number(last), 1);
    } else {
      delete node[last];
    }
  } else {
    node[last] = value;
  }
}

function isNumeric(s: Schema): boolean {
  const alts = branches(s);
  if (alts) {
    return alts.some(isNumeric);
  }
  return typesOf(s).some((t) => t === 'integer' || t === 'number');
}

function isString(s: Schema): boolean {
  const alts = branches(s);
  if (alts) {
    return alts.some(isString);
  }
  return typesOf(s).includes('string') && !s.enum;
}

/** A value of a type the schema does not take. */
function wrongTypeValue(s: Schema, rand: Rand): unknown {
  const types = new Set(branches(s)?.flatMap(typesOf) ?? typesOf(s));
  const options: unknown[] = [];
  if (!types.has('string')) {
    options.push('12', 'true', '');
  }
  if (!types.has('integer') && !types.has('number')) {
    options.push(1, -1, 0);
  }
  if (!types.has('boolean')) {
    options.push(true, false);
  }
  if (!types.has('array')) {
    options.push([], ['x']);
  }
  if (!types.has('object')) {
    options.push({}, { a: 1 });
  }
  if (!types.has('null')) {
    options.push(null);
  }
  if (types.has('integer')) {
    options.push(1.5);
  }
  if (s.enum) {
    options.push('NOT_IN_ENUM', 'ＯＰＥＮ');
  }
  if (s.format === 'uuid' || s.format === 'date' || s.format === 'date-time') {
    options.push('not-a-uuid', rand.pick(invalidDates), '2026-02-30T25:61:00Z');
  }
  return rand.pick(options);
}

// ------------------------------------------------------------------------------------------------ cases

type Draft = {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  /** Raw payload text; overrides `body`. */
  raw?: string | Buffer;
  headers: Record<string, string>;
};

function bodyText(body: unknown): string {
  return JSON.stringify(body).replaceAll(`"${negZero}"`, '-0').replaceAll(`"${overflow}"`, '1e400');
}

function toQueryString(_s: Schema, v: unknown): string {
  if (v === null || v === undefined) {
    return '';
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A valid (and, when `hostile`, hostile) request for the operation. */
function validDraft(op: FuzzOperation, g: GenContext): Draft {
  const params: Record<string, string> = {};
  for (const p of op.path) {
    params[p.name] = String(validValue(p.schema, g));
  }
  const query: Record<string, string> = {};
  for (const q of op.query) {
    if (q.required || g.rand.chance(0.5)) {
      const v = validValue(q.schema, g);
      if (v !== null && v !== undefined) {
        query[q.name] = toQueryString(q.schema, v);
      }
    }
  }
  const draft: Draft = { params, query, headers: {} };
  if (op.body) {
    draft.body = validValue(op.body, g);
  }
  return draft;
}

/** encodeURIComponent, but a lone surrogate goes out as the (invalid UTF-8) bytes it would be, not an exception. */
function encodePathValue(v: string): string {
  return v.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]|[^\uD800-\uDFFF]+/g, (part) =>
    part.length === 1 && part.charCodeAt(0) >= 0xd800 && part.charCodeAt(0) <= 0xdfff
      ? [
          ...Buffer.from([
            0xe0 | (part.charCodeAt(0) >> 12),
            0x80 | ((part.charCodeAt(0) >> 6) & 0x3f),
            0x80 | (part.charCodeAt(0) & 0x3f),
          ]),
        ]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join('')
      : encodeURIComponent(part),
  );
}

function render(op: FuzzOperation, draft: Draft, family: Family, name: string, anonymous = false): FuzzCase {
  let url = op.url.replace(/:([A-Za-z0-9_]+)/g, (_, key: string) => {
    const v = draft.params[key] ?? 'x';
    // Path cases carry pre-encoded text (`..%2f`); generated values are encoded here.
    return family === 'path-param' ? v : encodePathValue(v);
  });
  if (url.endsWith('*')) {
    url = `${url.slice(0, -1)}${draft.params['*'] ?? ''}`;
  }
  const qs = new URLSearchParams(draft.query).toString();
  if (qs) {
    url += `?${qs}`;
  }
  const headers = { ...draft.headers };
  let payload: string | Buffer | undefined;
  if (draft.raw !== undefined) {
    payload = draft.raw;
  } else if (draft.body !== undefined) {
    payload = bodyText(draft.body);
    headers['content-type'] ??= 'application/json';
  }
  return { family, name, method: op.method, url, headers, payload, anonymous };
}

const canHaveBody = (method: string) =>
  method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';

/** The families that apply to an operation. */
export function familiesFor(op: FuzzOperation): Family[] {
  const out: Family[] = ['valid-hostile', 'anonymous'];
  const hasQuery = op.query.length > 0;
  const hasBodyFields = op.body !== undefined && typesOf(op.body).includes('object') && !!op.body.properties;
  if (op.body || hasQuery || op.path.length > 0) {
    out.push('wrong-type');
  }
  if (op.body?.required?.length || op.query.some((q) => q.required)) {
    out.push('missing-required');
  }
  if (op.body || hasQuery) {
    out.push('extra-field', 'unicode');
  }
  const anyNumeric =
    op.query.some((q) => isNumeric(q.schema)) || op.path.some((p) => isNumeric(p.schema)) || hasBodyFields;
  if (anyNumeric) {
    out.push('boundary-number');
  }
  if (op.body || op.query.some((q) => isString(q.schema))) {
    out.push('huge-string');
  }
  if (canHaveBody(op.method)) {
    out.push('malformed-json', 'content-type', 'wrong-shape', 'deep-nesting');
    if (!op.body) {
      out.push('multipart');
    }
  }
  if (op.path.length > 0 || op.url.endsWith('*')) {
    out.push('path-param');
  }
  return out;
}

/**
 * `count` cases for one operation: the families that apply in turn (valid-hostile twice as often), each with its
 * own random choices.
 */
export function generateCases(op: FuzzOperation, rand: Rand, count: number, known: KnownIds): FuzzCase[] {
  const fams = familiesFor(op);
  // Shuffled per route, so a short run still reaches every family across the routes.
  for (let k = fams.length - 1; k > 0; k--) {
    const j = rand.int(0, k);
    [fams[k], fams[j]] = [fams[j], fams[k]];
  }
  const order: Family[] = ['valid-hostile', ...fams];
  const cases: FuzzCase[] = [];
  for (let k = 0; k < count; k++) {
    const family = order[k % order.length];
    cases.push(makeCase(op, family, rand, known));
  }
  return cases;
}

export function makeCase(op: FuzzOperation, family: Family, rand: Rand, known: KnownIds): FuzzCase {
  const g: GenContext = { rand, known, hostile: family === 'valid-hostile' };
  const draft = validDraft(op, { ...g, hostile: family === 'valid-hostile' || rand.chance(0.3) });
  const slots: Slot[] = [];
  if (draft.body !== undefined && op.body) {
    bodySlots(op.body, draft.body, [], slots);
  }
  for (const q of op.query) {
    slots.push({ loc: 'query', path: [q.name], schema: q.schema });
  }
  const aim = (pred: (s: Slot) => boolean): Slot | undefined => {
    const list = slots.filter(pred);
    return list.length > 0 ? rand.pick(list) : undefined;
  };
  const put = (slot: Slot, value: unknown) => {
    if (slot.loc === 'query') {
      draft.query[slot.path[0] as string] = typeof value === 'string' ? value : toQueryString(slot.schema, value);
    } else {
      setAt(draft.body, slot.path, value);
    }
  };
  const label = (slot: Slot) => `${slot.loc}.${slot.path.join('.')}`;

  switch (family) {
    case 'valid-hostile':
      return render(op, draft, family, 'schema-valid, hostile values');
    case 'anonymous':
      return render(op, draft, family, 'no session', true);
    case 'wrong-type': {
      const slot = aim(() => true);
      if (!slot) {
        if (op.path.length > 0) {
          const p = rand.pick(op.path);
          draft.params[p.name] = isNumeric(p.schema) ? 'abc' : '12345';
          return render(op, draft, 'path-param', `path ${p.name} of the wrong type`);
        }
        return render(op, { ...draft, body: rand.pick([[], 'text', 42, null]) }, family, 'body of the wrong type');
      }
      const value = wrongTypeValue(slot.schema, rand);
      put(slot, slot.loc === 'query' && typeof value !== 'string' ? JSON.stringify(value) : value);
      return render(op, draft, family, `${label(slot)} = ${JSON.stringify(value)}`);
    }
    case 'missing-required': {
      const required = op.body?.required ?? [];
      const reqQuery = op.query.filter((q) => q.required);
      if (
        required.length > 0 &&
        draft.body &&
        typeof draft.body === 'object' &&
        (reqQuery.length === 0 || rand.chance(0.7))
      ) {
        const key = rand.pick(required);
        setAt(draft.body, [key], undefined, true);
        if (rand.chance(0.3)) {
          return render(op, { ...draft, body: {} }, family, 'empty body object');
        }
        return render(op, draft, family, `body.${key} missing`);
      }
      const q = rand.pick(reqQuery);
      if (!q) {
        return render(op, { ...draft, body: {} }, family, 'empty body object');
      }
      delete draft.query[q.name];
      return render(op, draft, family, `query.${q.name} missing`);
    }
    case 'extra-field': {
      const key = rand.pick(['isAdmin', 'id', 'orgId', 'createdAt', '__proto__', 'constructor', 'role', 'status']);
      const value = rand.pick<unknown>([true, 1, 'x', { polluted: true }, null]);
      if (
        draft.body &&
        typeof draft.body === 'object' &&
        !Array.isArray(draft.body) &&
        (rand.chance(0.7) || op.query.length === 0)
      ) {
        if (key === '__proto__') {
          // JSON.stringify drops __proto__ set by assignment: write the key into the text.
          const text = bodyText(draft.body);
          draft.raw =
            text === '{}' ? '{"__proto__":{"polluted":true}}' : `{"__proto__":{"polluted":true},${text.slice(1)}`;
          draft.headers['content-type'] = 'application/json';
          return render(op, draft, family, 'body.__proto__');
        }
        (draft.body as Record<string, unknown>)[key] = value;
        return render(op, draft, family, `body.${key} = ${JSON.stringify(value)}`);
      }
      draft.query[key === '__proto__' ? '__proto__[polluted]' : key] = String(value);
      if (rand.chance(0.3) && op.query.length > 0) {
        // The same parameter twice (arrives as an array).
        const q = rand.pick(op.query);
        const qs = new URLSearchParams(draft.query);
        qs.append(q.name, qs.get(q.name) ?? '1');
        qs.append(q.name, '2');
        const c = render(op, { ...draft, query: {} }, family, `query.${q.name} given twice`);
        c.url = `${c.url.split('?')[0]}?${qs.toString()}`;
        return c;
      }
      return render(op, draft, family, `query.${key} extra`);
    }
    case 'boundary-number': {
      const slot = aim((s) => isNumeric(s.schema)) ?? aim(() => true);
      if (!slot && op.path.length === 0) {
        const value = rand.pick(boundaryJsonNumbers);
        return render(op, { ...draft, body: value }, family, `body = ${String(value)}`);
      }
      if (!slot) {
        const p = rand.pick(op.path);
        draft.params[p.name] = rand.pick(boundaryQueryNumbers.filter((v) => v !== ''));
        return render(op, draft, 'path-param', `path ${p.name} = ${draft.params[p.name]}`);
      }
      const value = slot.loc === 'query' ? rand.pick(boundaryQueryNumbers) : rand.pick(boundaryJsonNumbers);
      put(slot, value);
      return render(op, draft, family, `${label(slot)} = ${String(value)}`);
    }
    case 'huge-string': {
      const slot = aim((s) => isString(s.schema)) ?? aim(() => true);
      const huge = rand.pick(['a', '长', '👩‍👩‍👧', "'"]).repeat(rand.pick([100_000, 25_000]));
      if (!slot) {
        return render(op, { ...draft, body: huge }, family, 'body a 100k string');
      }
      put(slot, slot.loc === 'query' ? huge.slice(0, 20_000) : huge);
      return render(op, draft, family, `${label(slot)} = ${huge.length} chars`);
    }
    case 'unicode': {
      const slot = aim((s) => isString(s.schema)) ?? aim(() => true);
      const value = rand.pick([...unicodeStrings, ...crlfStrings]);
      if (!slot) {
        return render(op, draft, family, 'no string field');
      }
      put(slot, value);
      return render(op, draft, family, `${label(slot)} = ${JSON.stringify(value)}`);
    }
    case 'malformed-json': {
      const raw = rand.pick([
        '{',
        '{"a":',
        "{'a':1}",
        '{"a":1,}',
        '[1,2',
        'nul',
        '{"a":"\\x"}',
        '{"a":"\\ud800"}',
        '\u0000',
        '\uFEFF{}',
        '{"a":1}{"b":2}',
        Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
        '',
      ]);
      return render(
        op,
        { ...draft, raw, headers: { 'content-type': 'application/json' } },
        family,
        `body ${JSON.stringify(String(raw).slice(0, 20))}`,
      );
    }
    case 'content-type': {
      const body = draft.body === undefined ? '{}' : bodyText(draft.body);
      const [type, raw] = rand.pick<[string, string]>([
        ['text/plain', body],
        ['application/x-www-form-urlencoded', 'a=1&b=2'],
        ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
        ['multipart/form-data', body],
        ['application/json; charset=utf-16', body],
        ['application/octet-stream', body],
        ['', body],
        ['application/json\r\nX-Injected: 1', body],
      ]);
      const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
      if (type.includes('\r')) {
        // A header value with CRLF cannot be sent; use the closest legal thing.
        headers['content-type'] = 'application/json, text/html';
      }
      return render(
        op,
        { ...draft, raw, headers },
        family,
        `content-type ${JSON.stringify(headers['content-type'] ?? '(none)')}`,
      );
    }
    case 'wrong-shape': {
      const body = draft.body;
      const shaped = rand.pick<unknown>([[body ?? {}], [], 'string', 12, true, null, { data: body ?? {} }]);
      return render(
        op,
        { ...draft, body: shaped, raw: shaped === null ? 'null' : undefined },
        family,
        `body = ${JSON.stringify(shaped)?.slice(0, 40)}`,
      );
    }
    case 'deep-nesting': {
      const depth = rand.pick([64, 1000, 5000]);
      const raw = rand.chance(0.5)
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      return render(
        op,
        { ...draft, raw, headers: { 'content-type': 'application/json' } },
        family,
        `body nested ${depth} deep`,
      );
    }
    case 'path-param': {
      if (op.url.endsWith('*')) {
        draft.params['*'] = rand.pick(badPathValues);
        return render(op, draft, family, `wildcard = ${draft.params['*']}`);
      }
      const p = rand.pick(op.path);
      draft.params[p.name] = rand.pick(badPathValues);
      return render(op, draft, family, `path ${p.name} = ${draft.params[p.name].slice(0, 40)}`);
    }
    case 'multipart': {
      const boundary = '----boaifuzz';
      const file = rand.pick([
        Buffer.from('%PDF-1.4 but then garbage'),
        Buffer.from('PK\u0003\u0004 not a zip'),
        Buffer.from('<script>alert(1)</script>'),
        Buffer.alloc(0),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      ]);
      const name = rand.pick(['a.xlsx', '../../etc/passwd', 'x.pdf\u0000.exe', '<img onerror=alert(1)>.png']);
      const unterminated = rand.chance(0.2);
      const raw = unterminated
        ? Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated`)
        : Buffer.concat([
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
            ),
            file,
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]);
      return render(
        op,
        { ...draft, raw, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } },
        family,
        unterminated ? 'multipart body cut off' : `multipart file ${JSON.stringify(name)} (${file.length} bytes)`,
      );
    }
  }
}

// ------------------------------------------------------------------------------------------------ the run

/** Raw SQL on the app's database (the test and the benchmark each bring theirs). */
export type Exec = (text: string) => Promise<Record<string, unknown>[]>;

type Injectable = {
  inject(opts: {
    method: string;
    url: string;
    headers: Record<string, string>;
    payload?: string | Buffer;
  }): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
};

/**
 * Counts row writes per table: an AFTER … FOR EACH ROW trigger on every table of the public schema adds one to
 * fuzz_writes(tbl). Rolled-back transactions roll their counts back too, so a refusal that wrote and then rolled
 * back counts as no change. The one write every request may make is excepted in the trigger itself: the access
 * guard sliding a session's idle expiry (sessions.last_seen_at / expires_at, at most every few minutes).
 */
export async function installWriteCounter(exec: Exec): Promise<number> {
  await exec(`CREATE TABLE IF NOT EXISTS fuzz_writes (tbl text PRIMARY KEY, n bigint NOT NULL)`);
  await exec(`CREATE OR REPLACE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $fuzz$
BEGIN
  IF TG_TABLE_NAME = 'sessions' AND TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'last_seen_at' - 'expires_at') = (to_jsonb(OLD) - 'last_seen_at' - 'expires_at') THEN
    RETURN NULL;
  END IF;
  INSERT INTO fuzz_writes (tbl, n) VALUES (TG_TABLE_NAME, 1) ON CONFLICT (tbl) DO UPDATE SET n = fuzz_writes.n + 1;
  RETURN NULL;
END $fuzz$`);
  const tables = await exec(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'fuzz_writes'`);
  for (const { name } of tables) {
    await exec(`DROP TRIGGER IF EXISTS fuzz_count_write ON "${name}"`);
    await exec(
      `CREATE TRIGGER fuzz_count_write AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_count_write()`,
    );
  }
  return tables.length;
}

async function writeCounts(exec: Exec): Promise<Map<string, number>> {
  const rows = await exec('SELECT tbl, n FROM fuzz_writes');
  return new Map(rows.map((r) => [String(r.tbl), Number(r.n)]));
}

function changedTables(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([t, n]) => (before.get(t) ?? 0) !== n).map(([t]) => t);
}

/**
 * Writes a refusal legitimately makes, by route: the refusal *is* the record (a failed sign-in counts towards
 * lockout and is audited; a wrong one-time code uses up an attempt). Anything else written on a 4xx is a defect.
 */
export const refusalWrites: Record<string, readonly string[]> = {
  // A refused payment notification is stored with its verdict (malformed / forged) as evidence for the operator
  // (modules/donations/giving.ts handleNotification).
  'POST /api/payments/:channel/notify': ['payment_notifications'],
};

export type FuzzFailure = { route: string; case: string; family: Family; problem: string };

export type FuzzReport = {
  seed: number;
  routes: number;
  cases: number;
  perFamily: Record<string, number>;
  perStatus: Record<string, number>;
  serverErrors: number;
  badShapes: number;
  refusalsWithWrites: number;
  failures: FuzzFailure[];
  elapsedMs: number;
  /** Milliseconds per request (inject only, not the write-counter read). */
  latencies: number[];
};

export type FuzzRunOptions = {
  app: Injectable;
  exec: Exec;
  ops: FuzzOperation[];
  seed: number;
  casesPerRoute: number;
  known: KnownIds;
  /** The signed-in caller's cookie; called again when a case signed it out (e.g. POST /api/auth/sign-out). */
  signIn: () => Promise<string>;
  knownCodes: ReadonlySet<string>;
  statusOf: (code: string) => number | undefined;
};

export async function runFuzz(opts: FuzzRunOptions): Promise<FuzzReport> {
  const started = performance.now();
  const report: FuzzReport = {
    seed: opts.seed,
    routes: opts.ops.length,
    cases: 0,
    perFamily: {},
    perStatus: {},
    serverErrors: 0,
    badShapes: 0,
    refusalsWithWrites: 0,
    failures: [],
    elapsedMs: 0,
    latencies: [],
  };
  let cookie = await opts.signIn();
  let counts = await writeCounts(opts.exec);
  for (const op of opts.ops) {
    const route = `${op.method} ${op.url}`;
    const rand = createRand(routeSeed(opts.seed, op.method, op.url));
    let signedOut = false;
    for (const c of generateCases(op, rand, opts.casesPerRoute, opts.known)) {
      const headers = { ...c.headers };
      if (!c.anonymous) {
        headers.cookie = cookie;
      }
      const t0 = performance.now();
      const res = await opts.app.inject({ method: c.method, url: c.url, headers, payload: c.payload });
      report.latencies.push(performance.now() - t0);
      const after = await writeCounts(opts.exec);
      report.cases++;
      report.perFamily[c.family] = (report.perFamily[c.family] ?? 0) + 1;
      report.perStatus[res.statusCode] = (report.perStatus[res.statusCode] ?? 0) + 1;
      const fail = (problem: string) =>
        report.failures.push({
          route,
          case: `${c.family}: ${c.name} → ${c.method} ${c.url.slice(0, 160)}`,
          family: c.family,
          problem,
        });
      if (res.statusCode >= 500) {
        report.serverErrors++;
        fail(`${res.statusCode} ${res.body.slice(0, 300)}`);
      } else if (res.statusCode >= 400) {
        let body: { error?: { code?: unknown; message?: unknown } } | undefined;
        try {
          body = JSON.parse(res.body);
        } catch {
          body = undefined;
        }
        const code = body?.error?.code;
        if (typeof code !== 'string' || typeof body?.error?.message !== 'string' || !opts.knownCodes.has(code)) {
          report.badShapes++;
          fail(`${res.statusCode} without the error shape: ${res.body.slice(0, 200)}`);
        } else if (opts.statusOf(code) !== res.statusCode && code !== 'VALIDATION_FAILED') {
          report.badShapes++;
          fail(`${res.statusCode} with code ${code}, which the catalogue gives ${opts.statusOf(code)}`);
        }
        const allowed = refusalWrites[route] ?? [];
        const written = changedTables(counts, after).filter((t) => !allowed.includes(t));
        if (written.length > 0) {
          report.refusalsWithWrites++;
          fail(`${res.statusCode} ${res.body.slice(0, 120)} but wrote to ${written.join(', ')}`);
        }
        if (res.statusCode === 401 && !c.anonymous && code === 'UNAUTHENTICATED') {
          signedOut = true;
        }
      }
      counts = after;
      if (signedOut) {
        cookie = await opts.signIn();
        counts = await writeCounts(opts.exec);
        signedOut = false;
      }
    }
  }
  report.elapsedMs = performance.now() - started;
  return report;
}

/** The lines the test and the benchmark print. */
export function describeReport(r: FuzzReport): string {
  const fams = Object.entries(r.perFamily)
    .sort((a, b) => b[1] - a[1])
    .map(([f, n]) => `${f} ${n}`)
    .join(', ');
  const statuses = Object.entries(r.perStatus)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return [
    `fuzz: seed ${r.seed} (BOAI_FUZZ_SEED), ${r.routes} routes, ${r.cases} cases in ${(r.elapsedMs / 1000).toFixed(1)} s`,
    `fuzz: per family: ${fams}`,
    `fuzz: statuses: ${statuses}`,
    `fuzz: 5xx ${r.serverErrors}, 4xx without the error shape ${r.badShapes}, refusals that wrote ${r.refusalsWithWrites}`,
  ].join('\n');
}

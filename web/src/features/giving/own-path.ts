// Links the server hands back for our own pages (the built-in checkout, the result page) are followed inside the app,
// so they work whatever host name the server was configured with (localhost vs 127.0.0.1, a proxy's name).

/** The path + query of `url` when it points to one of our own pages under `prefixes`, else undefined. */
export function ownPath(url: string, prefixes: readonly string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, window.location.origin);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return undefined;
  }
  return prefixes.some((p) => parsed.pathname.startsWith(p)) ? `${parsed.pathname}${parsed.search}` : undefined;
}

// The one way out to a payment provider's API: fetch in production (createFetchTransport), a fake provider in tests.

export type HttpTransportRequest = {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
};
export type HttpTransportResponse = { status: number; headers: Record<string, string | undefined>; body: string };
export type HttpTransport = (request: HttpTransportRequest) => Promise<HttpTransportResponse>;

/** The production transport: fetch with a timeout, no redirects followed, the body read as text. */
export function createFetchTransport(opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): HttpTransport {
  const doFetch = opts.fetch ?? fetch;
  return async (request) => {
    const response = await doFetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' ? undefined : request.body,
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  };
}

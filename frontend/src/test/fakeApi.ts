// A fake Gapscope server for page tests: routes by "METHOD /path", answers JSON, records every
// request. Unknown routes answer the API's 404 body, so a test fails loudly on a wrong path.
import { vi } from 'vitest';

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** One page holding every item, as the API's list endpoints answer a small list. */
export function page<T>(items: T[]): Response {
  return json(200, { items, total: items.length, limit: 100, offset: 0 });
}

export function fakeApi(routes: Record<string, Handler>) {
  const requests: Request[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const handler = routes[key];
    return handler
      ? handler(request)
      : json(404, { code: 'not_found', message: `no fake route for ${key}` });
  });
  return { requests, routes };
}

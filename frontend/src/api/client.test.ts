import { describe, expect, it } from 'vitest';

import {
  ApiError,
  CSRF_HEADER,
  createApiClient,
  describeError,
  isStatus,
  isTransient,
  isUnauthorized,
  unwrap,
} from './client';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** A client whose fetch records each request and answers with `answer`. */
function recordingClient(answer: () => Response | Promise<Response>) {
  const requests: Request[] = [];
  const client = createApiClient({
    baseUrl: 'http://gapscope.test',
    fetch: async (request) => {
      requests.push(request);
      return answer();
    },
  });
  return { client, requests };
}

describe('the CSRF header', () => {
  it('is sent with every write', async () => {
    const { client, requests } = recordingClient(() => new Response(null, { status: 204 }));
    await client.POST('/api/v1/auth/logout-all');
    await client.PATCH('/api/v1/alerts/{id}', {
      params: { path: { id: 1 } },
      body: { status: 'acknowledged' },
    });
    await client.DELETE('/api/v1/tokens/{id}', { params: { path: { id: 2 } } });
    expect(requests.map((r) => [r.method, r.headers.get(CSRF_HEADER)])).toEqual([
      ['POST', '1'],
      ['PATCH', '1'],
      ['DELETE', '1'],
    ]);
  });

  it('is not sent with reads', async () => {
    const { client, requests } = recordingClient(() => json(200, []));
    await client.GET('/api/v1/cycles');
    expect(requests[0]?.headers.get(CSRF_HEADER)).toBeNull();
  });

  it('rides along with the same-origin cookie, never a bearer token', async () => {
    const { client, requests } = recordingClient(() => json(200, []));
    await client.GET('/api/v1/cycles');
    expect(requests[0]?.credentials).toBe('same-origin');
    expect(requests[0]?.headers.get('Authorization')).toBeNull();
  });
});

describe('unwrap', () => {
  it('returns the data of a success', async () => {
    const page = { items: [{ id: 1, key: '2026-Q3' }], total: 1, limit: 100, offset: 0 };
    const { client } = recordingClient(() => json(200, page));
    const cycles = await unwrap(client.GET('/api/v1/cycles'));
    expect(cycles).toEqual(page);
  });

  it('throws the error body with its status', async () => {
    const body = { code: 'not_found', message: 'account manager 99 not found' };
    const { client } = recordingClient(() => json(404, body));
    const error = await unwrap(
      client.GET('/api/v1/account-managers/{id}/assessment', { params: { path: { id: 99 } } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, body });
  });

  it('reads Retry-After', async () => {
    const { client } = recordingClient(() =>
      json(429, { code: 'too_many_requests', message: 'too many' }, { 'Retry-After': '600' }),
    );
    const error = await unwrap(
      client.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 600 });
  });

  it('keeps an answer that is not the API error body (a proxy page)', async () => {
    const { client } = recordingClient(
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    const error = await unwrap(client.GET('/api/v1/cycles')).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, body: null });
  });

  it('turns a network failure into an ApiError without status', async () => {
    const { client } = recordingClient(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await unwrap(client.GET('/api/v1/cycles')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: null, body: null });
    expect(isTransient(error)).toBe(true);
  });

  it('lets a cancellation through as it is', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    const { client } = recordingClient(() => Promise.reject(abort));
    await expect(unwrap(client.GET('/api/v1/cycles'))).rejects.toBe(abort);
  });
});

describe('describeError', () => {
  const err = (status: number, code: string, message: string, extra = {}) =>
    new ApiError(status, { code, message, ...extra });

  it.each([
    [
      '401 without a session',
      err(401, 'unauthorized', 'authentication required: send a valid bearer token'),
      'You are not signed in, or your session has ended. Please sign in again.',
    ],
    [
      '401 on a wrong password',
      err(401, 'invalid_credentials', 'the email or password is wrong'),
      'The email or password is wrong.',
    ],
    [
      '403',
      err(403, 'forbidden', 'imports need the admin role or an import token'),
      'You do not have access to this: imports need the admin role or an import token.',
    ],
    [
      '404',
      err(404, 'not_found', 'account manager 99 not found'),
      'Gapscope could not find what you asked for: account manager 99 not found.',
    ],
    [
      '409 naming its field',
      err(409, 'conflict', 'performance_scale: the cycle 2026-Q3 uses 1-10', {
        field: 'performance_scale',
      }),
      'This conflicts with data already stored (“performance_scale”): the cycle 2026-Q3 uses 1-10.',
    ],
    [
      '413',
      err(413, 'payload_too_large', 'request body is larger than the limit of 33554432 bytes'),
      'The upload is too large: the server accepts at most 32 MiB.',
    ],
    [
      '422 naming its field',
      err(422, 'unprocessable', 'password: needs at least 12 characters', { field: 'password' }),
      'The value of “password” was not accepted: needs at least 12 characters.',
    ],
    [
      '400 naming its field',
      err(400, 'invalid_parameter', 'query: unknown field `colour`', { field: 'query' }),
      'The value of “query” was not accepted: unknown field `colour`.',
    ],
    [
      '500',
      err(500, 'internal', 'internal error'),
      'Something went wrong on the server. It has been logged; try again, and tell your administrator if it keeps happening.',
    ],
    [
      '503',
      err(503, 'unavailable', 'the database is unavailable'),
      'The server could not reach its database; try again shortly.',
    ],
  ])('words a %s', (_label, error, words) => {
    expect(describeError(error)).toBe(words);
  });

  it('counts the problems of a refused import', () => {
    const error = err(422, 'import_invalid', 'the import failed validation', {
      errors: [{ row: 2 }, { row: 3 }],
    });
    expect(describeError(error)).toBe('The import has 2 problems; nothing was written.');
  });

  it('says how long to wait after too many attempts', () => {
    const error = new ApiError(429, { code: 'too_many_requests', message: 'x' }, 840);
    expect(describeError(error)).toBe('Too many failed attempts. Try again in 14 minutes.');
    const bare = new ApiError(429, null, null);
    expect(describeError(bare)).toBe(
      'Too many failed attempts. Wait a few minutes, then try again.',
    );
  });

  it('explains failures that never reached the API', () => {
    expect(describeError(ApiError.network(new TypeError('Failed to fetch')))).toBe(
      'Gapscope could not be reached. Check your connection, then try again.',
    );
    expect(describeError(new ApiError(502, null))).toBe(
      'The Gapscope server is not answering; try again shortly.',
    );
    expect(describeError(new ApiError(401, null))).toMatch(/not signed in/);
  });

  it('does not show a programming error to people', () => {
    expect(describeError(new TypeError('x is undefined'))).toMatch(
      /^Something unexpected went wrong/,
    );
  });

  it('classifies errors for retries and sign-in', () => {
    expect(isUnauthorized(err(401, 'unauthorized', 'x'))).toBe(true);
    expect(isUnauthorized(err(403, 'forbidden', 'x'))).toBe(false);
    expect(isTransient(err(503, 'unavailable', 'x'))).toBe(true);
    expect(isTransient(err(404, 'not_found', 'x'))).toBe(false);
    expect(isStatus(err(403, 'forbidden', 'x'), 403)).toBe(true);
    expect(isStatus(err(404, 'not_found', 'x'), 403)).toBe(false);
    expect(isStatus(new Error('403'), 403)).toBe(false);
  });
});

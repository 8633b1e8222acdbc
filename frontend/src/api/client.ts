// The one API client of the app, and the one place that turns a failed request into words.
//
// Every request goes to the same origin (Vite's dev proxy, or the gapscope binary serving the
// built app) and carries the session cookie; no token is ever readable from JavaScript. Writes
// carry `X-Gapscope-Csrf: 1`, which a cross-site form cannot send, so the server can refuse
// cookie-authenticated writes without it.
import createClient, { type Middleware } from 'openapi-fetch';

import type { paths } from './schema';
import type { ErrorBody } from './types';

/** The header every cookie-authenticated write must carry. */
export const CSRF_HEADER = 'X-Gapscope-Csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Adds the CSRF header to every request that may change state. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method.toUpperCase())) {
      request.headers.set(CSRF_HEADER, '1');
    }
    return request;
  },
};

export interface ApiClientOptions {
  /** Origin of the API; '' (the default) means the page's own origin. */
  baseUrl?: string;
  /** A fetch to use instead of the global one (tests). */
  fetch?: (input: Request) => Promise<Response>;
}

export function createApiClient(options: ApiClientOptions = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'same-origin',
    // Looked up on every request, not once here, so that tests can stand in for the server.
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  });
  client.use(csrfMiddleware);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's client. */
export const api = createApiClient();

/** A request that failed: the server answered an error, or it could not be reached. */
export class ApiError extends Error {
  /** HTTP status, or `null` when no answer came back (network failure). */
  readonly status: number | null;
  /** The API's error body, when the answer carried one. */
  readonly body: ErrorBody | null;
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number | null,
    body: ErrorBody | null,
    retryAfterSeconds: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(body?.message ?? (status === null ? 'network failure' : `HTTP ${status}`), options);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static network(cause: unknown): ApiError {
    return new ApiError(null, null, null, { cause });
  }

  static fromResponse(response: Response, error: unknown): ApiError {
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    return new ApiError(
      response.status,
      isErrorBody(error) ? error : null,
      Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
    );
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an `ApiError` for an error
 * answer or a network failure. Cancellations (react-query aborting a stale request) pass
 * through untouched.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    if (isAbort(cause)) throw cause;
    throw ApiError.network(cause);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    throw ApiError.fromResponse(response, error);
  }
  return data as T;
}

/** Whether the API answered `status` (403: not yours to see, 404: not there). */
export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}

/** Whether an error means the caller has no valid session. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** Whether retrying the same request could succeed (network, 503 and other 5xx, not 4xx). */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === null || error.status >= 500;
}

// --- Plain words -------------------------------------------------------------------------

/** The server's message without its leading `field: ` and final period. */
function detail(body: ErrorBody): string {
  let message = body.message.trim();
  if (body.field && message.startsWith(`${body.field}: `)) {
    message = message.slice(body.field.length + 2);
  }
  return message.replace(/\.$/, '');
}

function quoted(field: string): string {
  return `“${field}”`;
}

function duration(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function bytes(n: number): string {
  const mib = n / (1024 * 1024);
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

function describeBody(status: number, body: ErrorBody, retryAfter: number | null): string {
  const field = body.field ?? null;
  const what = detail(body);
  switch (body.code) {
    case 'invalid_credentials':
      return 'The email or password is wrong.';
    case 'import_invalid': {
      const count = Array.isArray(body.errors) ? body.errors.length : 0;
      const problems = count === 1 ? '1 problem' : `${count} problems`;
      return count > 0
        ? `The import has ${problems}; nothing was written.`
        : 'The import failed validation; nothing was written.';
    }
  }
  switch (status) {
    case 400:
      return field
        ? `The value of ${quoted(field)} was not accepted: ${what}.`
        : `The request was not accepted: ${what}.`;
    case 401:
      return 'You are not signed in, or your session has ended. Please sign in again.';
    case 403:
      return `You do not have access to this: ${what}.`;
    case 404:
      return `Gapscope could not find what you asked for: ${what}.`;
    case 409:
      return field
        ? `This conflicts with data already stored (${quoted(field)}): ${what}.`
        : `This conflicts with data already stored: ${what}.`;
    case 413: {
      const limit = /limit of (\d+) bytes/.exec(body.message)?.[1];
      return limit
        ? `The upload is too large: the server accepts at most ${bytes(Number(limit))}.`
        : 'The upload is too large for the server.';
    }
    case 422:
      return field
        ? `The value of ${quoted(field)} was not accepted: ${what}.`
        : `This was not accepted: ${what}.`;
    case 429:
      return retryAfter !== null
        ? `Too many failed attempts. Try again in ${duration(retryAfter)}.`
        : 'Too many failed attempts. Wait a few minutes, then try again.';
    case 500:
      return (
        'Something went wrong on the server. It has been logged; try again, ' +
        'and tell your administrator if it keeps happening.'
      );
    case 503:
      return 'The server could not reach its database; try again shortly.';
    default:
      return `The server answered with an error (status ${status}): ${what}.`;
  }
}

/** Words for a failure without the API's error body (a proxy, or no answer at all). */
function describeBare(status: number | null, retryAfter: number | null): string {
  if (status === null) {
    return 'Gapscope could not be reached. Check your connection, then try again.';
  }
  if (status === 401) {
    return 'You are not signed in, or your session has ended. Please sign in again.';
  }
  if (status === 429) {
    return describeBody(429, { code: 'too_many_requests', message: '' }, retryAfter);
  }
  if (status === 503) return 'The server could not reach its database; try again shortly.';
  if (status >= 500) return 'The Gapscope server is not answering; try again shortly.';
  return `The server answered with an unexpected error (status ${status}).`;
}

/**
 * Turns anything a request can throw into a sentence for people: what happened, and what they
 * can do about it. Names the field the server blamed, when it named one.
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.body && error.status !== null
      ? describeBody(error.status, error.body, error.retryAfterSeconds)
      : describeBare(error.status, error.retryAfterSeconds);
  }
  return (
    'Something unexpected went wrong in the page. Reload it; ' +
    'if this keeps happening, tell your administrator.'
  );
}

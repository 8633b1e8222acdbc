import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Testing Library cleans up by itself only when test globals are on; they are not here.
// The fake API (test/fakeApi.ts) stubs `fetch`; each test starts with the real globals.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// The app requests same-origin paths ('/api/v1/...'), which a browser resolves against the
// page. Node's Request (used under jsdom) does not, so resolve them the browser's way.
const NodeRequest = globalThis.Request;
globalThis.Request = class extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href) : input, init);
  }
};

// jsdom lays nothing out, so it has no scrolling; the app scrolls a chart into view on a click.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

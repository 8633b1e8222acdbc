import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { ApiError } from '../api/client';
import { QueryError } from './QueryError';

const failed = (status: number | null) => ({
  error: new ApiError(status, status === null ? null : { code: 'x', message: `HTTP ${status}` }),
  refetch: vi.fn(),
  isFetching: false,
});

describe('QueryError', () => {
  it('says what failed and fetches again on "Try again"', () => {
    const query = failed(503);
    render(<QueryError title="The trend could not be loaded" query={query} />);
    expect(screen.getByRole('alert').textContent).toContain('The trend could not be loaded');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(query.refetch).toHaveBeenCalledTimes(1);
  });

  it('disables the button while the retry runs', () => {
    render(<QueryError title="x" query={{ ...failed(null), isFetching: true }} />);
    expect(
      (screen.getByRole('button', { name: 'Trying again…' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('offers no retry for a refusal or a missing thing when asked to, and for others still does', () => {
    const { rerender } = render(<QueryError title="x" query={failed(403)} finalWhenRefused />);
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<QueryError title="x" query={failed(404)} finalWhenRefused />);
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<QueryError title="x" query={failed(500)} finalWhenRefused />);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    rerender(<QueryError title="x" query={failed(403)} />);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { ErrorBoundary } from './ErrorBoundary';

let broken = true;
function Fragile() {
  if (broken) throw new TypeError('e.reduce is not a function');
  return <p>Fine again</p>;
}

describe('ErrorBoundary', () => {
  it('shows plain words instead of a blank page, and can try again', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    broken = true;
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('This view ran into a problem');
    expect(alert.textContent).not.toContain('reduce');

    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Fine again')).toBeTruthy();
  });

  it('tries again by itself when the page changes', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    broken = true;
    const view = render(
      <ErrorBoundary resetKey="/">
        <Fragile />
      </ErrorBoundary>,
    );
    broken = false;
    view.rerender(
      <ErrorBoundary resetKey="/alerts">
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByText('Fine again')).toBeTruthy();
  });
});

import { Component, type ErrorInfo, type ReactNode } from 'react';

import { describeError } from '../api/client';

interface ErrorBoundaryProps {
  children: ReactNode;
  /** When this changes (another page, another cycle), the boundary tries again. */
  resetKey?: unknown;
}

interface ErrorBoundaryState {
  error: unknown;
  failed: boolean;
}

/**
 * Catches what a page throws while rendering, so that one broken view shows a message and a
 * way out instead of blanking the whole app.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The one place a rendering bug is reported; the page shows plain words instead.
    console.error('A view failed to render', error, info.componentStack);
  }

  override componentDidUpdate(previous: ErrorBoundaryProps): void {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) {
      this.setState({ error: null, failed: false });
    }
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="state state--error" role="alert">
        <p className="state__title">This view ran into a problem</p>
        <p className="state__body">{describeError(this.state.error)}</p>
        <div className="state__actions">
          <button
            type="button"
            className="button"
            onClick={() => this.setState({ error: null, failed: false })}
          >
            Try again
          </button>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </div>
      </div>
    );
  }
}

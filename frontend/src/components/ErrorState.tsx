import { describeError } from '../api/client';

interface ErrorStateProps {
  error: unknown;
  /** What failed, in a few words: "The team could not be loaded". */
  title?: string;
  /** Shows a "Try again" button. */
  onRetry?: () => void;
  /** Disables the button while the retry runs. */
  retrying?: boolean;
}

/** A failed request in plain words, with a way to try again. */
export function ErrorState({
  error,
  title = 'This could not be loaded',
  onRetry,
  retrying,
}: ErrorStateProps) {
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{title}</p>
      <p className="state__body">{describeError(error)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Trying again…' : 'Try again'}
        </button>
      )}
    </div>
  );
}

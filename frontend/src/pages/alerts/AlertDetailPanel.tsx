// One alert opened: what was found, its whole history, and the lifecycle actions for those who
// may take them.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';

import { isTransient } from '../../api/client';
import { alertQuery, useChangeAlert } from '../../api/queries/alerts';
import { useUser } from '../../app/session';
import { formatCount } from '../../charts/format';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { SeverityBadge, StatusBadge } from './AlertBadges';
import { changeErrorText } from './alertErrors';
import {
  actorText,
  canChangeAlert,
  eventText,
  formatUtc,
  magnitudeText,
  nextStatuses,
  RULES,
  STATUSES,
  type AlertEvent,
  type AlertStatus,
  type AlertView,
  type Scale,
} from './alertText';

export const MAX_NOTE_CHARS = 2000;

interface AlertDetailPanelProps {
  id: number;
  /** The alert as the list shows it, while the detail loads. */
  summary?: AlertView;
  /** The scale of the alert's cycle, when known. */
  scaleOf: (cycle: string) => Scale | undefined;
  /** Called after a successful change, with the changed alert. */
  onChanged: (alert: AlertView) => void;
}

export function AlertDetailPanel({ id, summary, scaleOf, onChanged }: AlertDetailPanelProps) {
  const detail = useQuery(alertQuery(id));
  const alert: AlertView | undefined = detail.data ?? summary;
  const titleId = useId();

  if (!alert) {
    return detail.isError ? (
      <ErrorState
        title={`Alert ${id} could not be loaded`}
        error={detail.error}
        onRetry={isTransient(detail.error) ? () => void detail.refetch() : undefined}
        retrying={detail.isFetching}
      />
    ) : (
      <Loading label={`Loading alert ${id}…`} />
    );
  }

  const magnitude = magnitudeText(alert.rule, alert.magnitude, scaleOf(alert.cycle));
  return (
    <div className="alerts-detail" role="region" aria-labelledby={titleId}>
      <div className="alerts-detail__column">
        <h3 id={titleId}>
          {RULES[alert.rule].label}
          {alert.category ? `: ${alert.category.name}` : ''} · {alert.account_name}
        </h3>
        <p>{alert.detail}</p>
        <dl className="alerts-facts">
          <dt>Severity</dt>
          <dd>
            <SeverityBadge severity={alert.severity} />
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={alert.status} />
          </dd>
          <dt>Magnitude</dt>
          <dd>
            {magnitude.value} <span className="muted">{magnitude.unit}</span>
          </dd>
          <dt>Cycle</dt>
          <dd>{alert.cycle}</dd>
          <dt>Rule</dt>
          <dd>Fires when {RULES[alert.rule].fires}.</dd>
        </dl>
        <Evidence evidence={alert.evidence} />
      </div>
      <div className="alerts-detail__column">
        <h3>History</h3>
        {detail.data ? (
          <History events={detail.data.events} />
        ) : detail.isError ? (
          <ErrorState
            title="The history could not be loaded"
            error={detail.error}
            onRetry={isTransient(detail.error) ? () => void detail.refetch() : undefined}
            retrying={detail.isFetching}
          />
        ) : (
          <Loading label="Loading the history…" />
        )}
      </div>
      <div className="alerts-detail__column">
        <h3>Act on it</h3>
        <Actions alert={alert} onChanged={onChanged} />
      </div>
    </div>
  );
}

/** Supporting data (e.g. a detractor alert's responses), shown as keys and values. */
function Evidence({ evidence }: { evidence: AlertView['evidence'] }) {
  if (!evidence || typeof evidence !== 'object') return null;
  const entries = Object.entries(evidence);
  if (entries.length === 0) return null;
  const show = (value: unknown): string =>
    Array.isArray(value)
      ? value.map(show).join(', ')
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
  return (
    <>
      <h4 className="alerts-detail__subhead">Evidence</h4>
      <dl className="alerts-facts">
        {entries.map(([key, value]) => (
          <div key={key} className="alerts-facts__pair">
            <dt>{key.replace(/_/g, ' ')}</dt>
            <dd>{show(value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function History({ events }: { events: AlertEvent[] }) {
  if (events.length === 0) return <p className="muted">No changes recorded.</p>;
  return (
    <ol className="alerts-history">
      {events.map((event, i) => (
        <li key={i}>
          <p className="alerts-history__head">
            <strong>{eventText(event.kind)}</strong> ·{' '}
            <time dateTime={event.at}>{formatUtc(event.at)}</time>
          </p>
          <p className="alerts-history__meta">
            by {actorText(event.actor)} · severity {event.severity}
          </p>
          {event.note && <p className="alerts-history__note">“{event.note}”</p>}
        </li>
      ))}
    </ol>
  );
}

function Actions({
  alert,
  onChanged,
}: {
  alert: AlertView;
  onChanged: (alert: AlertView) => void;
}) {
  const user = useUser();
  const [note, setNote] = useState('');
  const [target, setTarget] = useState<AlertStatus | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Hook-level callbacks: they run even if this panel leaves the page before the answer.
  const change = useChangeAlert({
    onSuccess: (changed, { change: sent }) => {
      setNote('');
      setDone(
        `${STATUSES[sent.status].label}${sent.note ? ', with your note' : ''}. The alert is now ${STATUSES[changed.status].label.toLowerCase()}.`,
      );
      onChanged(changed);
    },
  });
  const noteId = useId();
  const helpId = useId();
  const outcome = useRef<HTMLParagraphElement>(null);
  const failure = useRef<HTMLParagraphElement>(null);

  // After a change, focus lands on what it did (or why it failed), so keyboard and screen
  // reader users hear the outcome and continue from the alert they were on.
  useEffect(() => {
    if (done) outcome.current?.focus();
  }, [done]);
  useEffect(() => {
    if (change.isError) failure.current?.focus();
  }, [change.isError]);

  if (user.role === 'analyst') {
    return <p className="muted">Analysts can read alerts but not change them.</p>;
  }
  if (!canChangeAlert(user, alert)) {
    return (
      <p className="muted">
        Only the alert’s account manager, their supervisor or an administrator can change it.
      </p>
    );
  }

  const moves = nextStatuses(alert.status);
  const submit = (status: AlertStatus) => {
    setTarget(status);
    setDone(null);
    const text = note.trim();
    change.mutate({ id: alert.id, change: { status, note: text === '' ? null : text } });
  };

  return (
    <div className="alerts-actions">
      {done && (
        <p ref={outcome} className="note" role="status" tabIndex={-1}>
          {done}
        </p>
      )}
      {change.isError && target && (
        <p ref={failure} className="form-error" role="alert" tabIndex={-1}>
          {changeErrorText(change.error, target)}
        </p>
      )}
      {moves.length === 0 ? (
        <p className="muted">
          Resolved: nothing left to do. A resolved alert reopens by itself if its finding gets
          worse.
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={noteId}>Note (optional)</label>
            <textarea
              id={noteId}
              className="alerts-note"
              value={note}
              maxLength={MAX_NOTE_CHARS}
              rows={3}
              aria-describedby={helpId}
              onChange={(e) => setNote(e.target.value)}
            />
            <p id={helpId} className="alerts-note__help muted">
              What was done or decided; kept in the history for everyone who can see the alert.{' '}
              {formatCount(note.length)} of {formatCount(MAX_NOTE_CHARS)} characters.
            </p>
          </div>
          <div className="alerts-actions__buttons">
            {moves.map((status) => (
              <button
                key={status}
                type="button"
                className={status === 'resolved' ? 'button button--primary' : 'button'}
                disabled={change.isPending}
                aria-label={`${STATUSES[status].verb} this alert`}
                onClick={() => submit(status)}
              >
                {change.isPending && target === status
                  ? `${STATUSES[status].verb.replace(/e$/, '')}ing…`
                  : STATUSES[status].verb}
              </button>
            ))}
          </div>
          <p className="muted alerts-actions__hint">
            An alert moves only forward: open, acknowledged, resolved.
          </p>
        </>
      )}
    </div>
  );
}

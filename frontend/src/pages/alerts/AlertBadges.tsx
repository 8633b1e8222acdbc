import { SEVERITIES, STATUSES, type AlertStatus, type Severity } from './alertText';

/** A severity as a badge: a three-dot meter, the word and the colour, never colour alone. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const style = SEVERITIES[severity];
  return (
    <span
      className="badge"
      style={{ background: style.fill, color: style.text, borderColor: style.fill }}
    >
      <span aria-hidden="true" className="alerts-meter">
        {style.symbol}
      </span>{' '}
      {style.label}
    </span>
  );
}

/** A lifecycle status: symbol and word. */
export function StatusBadge({ status }: { status: AlertStatus }) {
  const style = STATUSES[status];
  return (
    <span className={`alerts-status alerts-status--${status}`}>
      <span aria-hidden="true">{style.symbol}</span> {style.label}
    </span>
  );
}

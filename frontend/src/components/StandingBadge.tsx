import { STANDING_STYLES, type StandingKey } from '../charts/standing';

/** A standing as a badge: symbol, words and colour together, never colour alone. */
export function StandingBadge({
  standing,
  children,
}: {
  standing: StandingKey;
  children?: string;
}) {
  const style = STANDING_STYLES[standing];
  return (
    <span
      className="badge"
      style={{ background: style.fill, color: style.text, borderColor: style.stroke }}
    >
      <span aria-hidden="true">{style.symbol}</span> {children ?? style.label}
    </span>
  );
}

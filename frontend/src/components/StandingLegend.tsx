import { STANDING_ORDER, type StandingKey } from '../charts/standing';
import { StandingBadge } from './StandingBadge';

/** The standings as a row of badges: a legend for charts coloured by standing. */
export function StandingLegend({ only }: { only?: readonly StandingKey[] }) {
  const keys = only ? STANDING_ORDER.filter((k) => only.includes(k)) : STANDING_ORDER;
  return (
    <ul className="standing-legend" aria-label="Legend">
      {keys.map((key) => (
        <li key={key}>
          <StandingBadge standing={key} />
        </li>
      ))}
    </ul>
  );
}

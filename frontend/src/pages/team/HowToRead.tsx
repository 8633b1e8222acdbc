import { STANDING_ORDER } from '../../charts/standing';
import { StandingBadge } from '../../components/StandingBadge';

/** How to read a standing: what the peer average is, and what each symbol says. */
export function HowToRead() {
  return (
    <div className="how-to-read">
      <p>
        Each account manager's mean is compared with the mean over every other account manager's
        accounts (the <strong>peer average</strong>), with a 95% interval for the difference.
      </p>
      <ul className="legend-list" aria-label="Standings">
        {STANDING_ORDER.map((key) => (
          <li key={key}>
            <StandingBadge standing={key} />
            <span className="legend-list__text">{STANDING_HELP[key]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const STANDING_HELP = {
  above: 'the whole interval lies above the peer average',
  above_chance: 'above, but it may be chance among this many comparisons (q > 0.10)',
  on_par: 'the interval includes the peer average',
  below_chance: 'below, but it may be chance (q > 0.10)',
  below: 'the whole interval lies below the peer average',
  insufficient: 'fewer than two accounts on one side: no interval',
} as const;

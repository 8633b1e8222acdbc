import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useSearchParams } from 'react-router';

import { cyclesQuery } from '../api/queries/cycles';
import { CYCLE_PARAM, latestCycle } from '../app/cycle';
import { formatCount } from '../charts/format';

/** Chooses the cycle of every page; the choice lives in the URL (`?cycle=`). */
export function CyclePicker() {
  const id = useId();
  const cycles = useQuery(cyclesQuery());
  const [params, setParams] = useSearchParams();
  const list = cycles.data ?? [];
  if (cycles.isSuccess && list.length === 0) return null;

  const latest = latestCycle(list);
  const current = params.get(CYCLE_PARAM) ?? latest?.key ?? '';
  const known = list.some((c) => c.key === current);
  const newestFirst = [...list].sort((a, b) => b.key.localeCompare(a.key));

  return (
    <div className="cycle-picker">
      <label htmlFor={id}>Cycle</label>
      <select
        id={id}
        value={current}
        disabled={!cycles.isSuccess}
        onChange={(e) =>
          setParams((prev) => {
            const next = new URLSearchParams(prev);
            next.set(CYCLE_PARAM, e.target.value);
            return next;
          })
        }
      >
        {!cycles.isSuccess && (
          <option value={current}>{cycles.isError ? 'unavailable' : 'Loading…'}</option>
        )}
        {cycles.isSuccess && !known && <option value={current}>{current} (unknown)</option>}
        {newestFirst.map((c) => (
          <option key={c.id} value={c.key}>
            {c.key}
            {c.key === latest?.key ? ' (latest)' : ''} · {formatCount(c.responses)} responses
            {c.closed_at ? ' · closed' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

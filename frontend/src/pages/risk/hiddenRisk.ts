// Hidden risk (GET /hidden-risk): accounts whose likelihood to recommend looks safe (passive or
// promoter) while their retention score puts them at high or extreme risk. The API names them
// by id; the rows join them with the cycle's accounts and the account managers' names.
import type { components } from '../../api/schema';
import type { AccountSummary, Cohort } from './cohorts';

type Schemas = components['schemas'];
export type HiddenRiskView = Schemas['HiddenRiskView'];
export type NpsClass = Schemas['NpsClass'];

export interface AmLink {
  id: number;
  name: string;
}

export interface HiddenRiskRow {
  id: number;
  name: string;
  externalId: string | null;
  score: number;
  cohort: Cohort;
  /** Role-weighted likelihood-to-recommend mean, 0-10. */
  ltr: number;
  npsClass: NpsClass;
  annualValue: number | null;
  accountManagers: AmLink[];
}

/** Names of account managers, from every list that carries them. */
export function amNames(
  view: Pick<HiddenRiskView, 'account_managers'> | undefined,
  summaries: readonly { id: number; name: string }[] = [],
): Map<number, string> {
  const names = new Map<number, string>();
  for (const s of summaries) names.set(s.id, s.name);
  for (const c of view?.account_managers ?? [])
    names.set(c.account_manager.id, c.account_manager.name);
  return names;
}

/** The hidden-risk accounts, lowest score first (the API's order, kept stable by name). */
export function hiddenRiskRows(
  view: HiddenRiskView,
  accounts: readonly AccountSummary[],
  names: ReadonlyMap<number, string>,
): HiddenRiskRow[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return view.accounts
    .map((h) => {
      const account = byId.get(h.account);
      return {
        id: h.account,
        name: account?.name ?? `Account ${h.account}`,
        externalId: account?.external_id ?? null,
        score: h.score,
        cohort: h.cohort,
        ltr: h.ltr_mean,
        npsClass: h.nps_class,
        annualValue: account?.annual_value ?? null,
        accountManagers: h.account_managers.map((id) => ({
          id,
          name: names.get(id) ?? `Account manager ${id}`,
        })),
      };
    })
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
}

export const NPS_CLASS_LABELS: Record<NpsClass, string> = {
  promoter: 'Promoter',
  passive: 'Passive',
  detractor: 'Detractor',
};

/** The NPS class of a likelihood-to-recommend mean (METHOD section 4; lower bounds closed). */
export function npsClassOf(ltr: number): NpsClass {
  return ltr >= 9 ? 'promoter' : ltr >= 7 ? 'passive' : 'detractor';
}

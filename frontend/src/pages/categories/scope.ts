// The scope of the categories page, kept in the URL (`?scope=org` or `?scope=<AM id>`) so that
// a view is linkable. Without the parameter an account manager sees their own book and every
// other role the organization.
import type { UserView } from '../../api/types';

export const SCOPE_PARAM = 'scope';

/** `null` is the whole organization; a number is one account manager's book. */
export type Scope = number | null;

export function parseScope(
  param: string | null,
  user: Pick<UserView, 'role' | 'account_manager_id'>,
): Scope {
  if (param === 'org') return null;
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  return user.role === 'account_manager' ? (user.account_manager_id ?? null) : null;
}

export function scopeParam(scope: Scope): string {
  return scope === null ? 'org' : String(scope);
}

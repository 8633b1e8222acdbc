// What each role may see, as the API decides it (tests/tests/authorization.rs): the navigation
// offers only pages whose data the role can read, so nobody lands on a page of 403s.
import type { Role, UserView } from '../api/types';

export interface NavItem {
  to: string;
  label: string;
  /** Matches only the exact path (the home link), not every path below it. */
  end?: boolean;
}

const ROLE_NAMES: Record<Role, string> = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  account_manager: 'Account manager',
  analyst: 'Analyst',
};

export function roleName(role: Role): string {
  return ROLE_NAMES[role];
}

/** Imports need the admin role (POST /imports; tokens of scope import too, but no user). */
export const IMPORT_ROLES: readonly Role[] = ['admin'];

/** Roles that see the team: every AM the role covers, side by side. */
export const TEAM_ROLES: readonly Role[] = ['admin', 'supervisor', 'analyst'];

export function canImport(user: UserView): boolean {
  return IMPORT_ROLES.includes(user.role);
}

export function seesTeam(user: UserView): boolean {
  return TEAM_ROLES.includes(user.role);
}

/** The page of the AM a user stands for, when they are one. */
export function scorecardPath(user: UserView): string | null {
  return user.role === 'account_manager' && user.account_manager_id != null
    ? `/account-managers/${user.account_manager_id}`
    : null;
}

/** Where a user starts: the team for those who see one, their own scorecard for an AM. */
export function homePath(user: UserView): string {
  return scorecardPath(user) ?? '/';
}

/**
 * The navigation of a role. An account manager never sees the team ranking: their alerts,
 * categories and risk views are filtered to their own book by the API.
 */
export function navFor(user: UserView): NavItem[] {
  if (!seesTeam(user)) {
    const own = scorecardPath(user);
    return [
      ...(own ? [{ to: own, label: 'My scorecard' }] : []),
      { to: '/alerts', label: 'Alerts' },
      { to: '/categories', label: 'Categories' },
      { to: '/risk', label: 'Risk' },
    ];
  }
  return [
    { to: '/', label: 'Team', end: true },
    { to: '/alerts', label: 'Alerts' },
    { to: '/categories', label: 'Categories' },
    { to: '/risk', label: 'Risk' },
    ...(canImport(user) ? [{ to: '/import', label: 'Import' }] : []),
  ];
}

/**
 * A path to return to after signing in, if it is one of ours: a relative path, never another
 * origin (`//evil.example`) and never the login page itself.
 */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return null;
  }
  return next === '/login' || next.startsWith('/login?') ? null : next;
}

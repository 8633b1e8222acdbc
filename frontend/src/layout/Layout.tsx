import { useEffect, useRef, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';

import { describeError } from '../api/client';
import { useLogout } from '../api/queries/session';
import { useCycleLink } from '../app/cycle';
import { useUser } from '../app/session';
import { homePath, navFor, roleName } from '../auth/roles';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { CyclePicker } from './CyclePicker';

/** The frame of every signed-in page: skip link, header with cycle and user, navigation. */
export function Layout({ children }: { children: ReactNode }) {
  const user = useUser();
  const logout = useLogout();
  const link = useCycleLink();
  const main = useRef<HTMLElement>(null);
  const { pathname, search } = useLocation();
  const shown = useRef(pathname);

  // Moving to another page moves focus to its content, as a full page load would, so screen
  // reader and keyboard users start at the new page rather than at a stale link. Only on a
  // change of page: not on the first render, nor when only the query (cycle, measure) changes.
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    main.current?.focus();
  }, [pathname]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__bar">
          <Link to={link(homePath(user))} className="brand">
            Gapscope
          </Link>
          <CyclePicker />
          <div className="app-header__user">
            <span className="user">
              <span className="user__email">{user.email}</span>
              <span className="user__role">
                {roleName(user.role)}
                {user.team ? ` · team ${user.team}` : ''}
              </span>
            </span>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => logout.mutate()}
              disabled={logout.isPending}
            >
              {logout.isPending ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
        {logout.isError && (
          <p className="app-header__alert" role="alert">
            Signing out failed, so you are still signed in. {describeError(logout.error)}
          </p>
        )}
        <nav className="app-nav" aria-label="Main">
          <ul>
            {navFor(user).map((item) => (
              <li key={item.to}>
                <NavLink to={link(item.to)} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} className="app-main" tabIndex={-1}>
        <ErrorBoundary resetKey={`${pathname}${search}`}>{children}</ErrorBoundary>
      </main>
    </div>
  );
}

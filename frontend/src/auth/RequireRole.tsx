import type { ReactNode } from 'react';

import type { Role } from '../api/types';
import { useUser } from '../app/session';
import { usePageTitle } from '../app/usePageTitle';
import { roleName } from './roles';

interface RequireRoleProps {
  roles: readonly Role[];
  /** What the page is for, to say who may use it: "import surveys". */
  purpose: string;
  children: ReactNode;
}

/** Shows the page only to the roles the API lets use it; others learn who may. */
export function RequireRole({ roles, purpose, children }: RequireRoleProps) {
  const user = useUser();
  if (roles.includes(user.role)) return children;
  return <Forbidden roles={roles} purpose={purpose} />;
}

function Forbidden({ roles, purpose }: { roles: readonly Role[]; purpose: string }) {
  usePageTitle('Not available');
  const who = roles.map((r) => `${roleName(r).toLowerCase()}s`).join(' and ');
  return (
    <section className="page">
      <h1>Not available to your role</h1>
      <p>
        Only {who} can {purpose}. If you need to, ask an administrator of your organization.
      </p>
    </section>
  );
}

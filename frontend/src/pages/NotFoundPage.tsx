import { Link } from 'react-router';

import { useUser } from '../app/session';
import { usePageTitle } from '../app/usePageTitle';
import { homePath } from '../auth/roles';

export function NotFoundPage() {
  usePageTitle('Page not found');
  const user = useUser();
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. It may have moved, or the link may be mistyped.{' '}
        <Link to={homePath(user)}>Go to your start page</Link>.
      </p>
    </section>
  );
}

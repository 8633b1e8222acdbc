// What a page about one thing (`/accounts/:id`, `/account-managers/:id`) shows before that thing
// is loaded, or instead of it: the route's id, loading, "not found", "not yours", other failures.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { isStatus } from '../api/client';
import type { UserView } from '../api/types';
import { useCycleLink } from '../app/cycle';
import { useUser } from '../app/session';
import { homePath } from '../auth/roles';
import { Empty } from './Empty';
import { Loading } from './Loading';
import { QueryError } from './QueryError';

/** The storage id of the route (`/accounts/:id`), or `null` when it is not a positive integer. */
export function parseId(param: string | undefined): number | null {
  if (!param || !/^\d{1,15}$/.test(param)) return null;
  const id = Number(param);
  return id > 0 ? id : null;
}

interface DetailGateProps<T> {
  /** The route's parameter as written, for "there is no account “abc”". */
  param: string | undefined;
  /** The parsed id; `null` when the parameter is not one. */
  id: number | null;
  /** The query of the thing (disabled while `id` is `null`). */
  query: UseQueryResult<T>;
  /** The page heading while loading or failing: "Account". */
  heading: string;
  /** "Loading the account…" */
  loading: string;
  /** The thing in a few words, for a failure: "The account". */
  what: string;
  /** The page when nothing answers to the id (or it is not one): `what` is "number 7" or "“abc”". */
  notFound: (what: string) => ReactNode;
  /** The page when the API refuses (403). */
  forbidden: (error: unknown) => ReactNode;
  /** The page itself. */
  children: (data: T, id: number) => ReactNode;
}

/** Shows the page of one thing once it is loaded, and the right words until then or instead. */
export function DetailGate<T>({
  param,
  id,
  query,
  heading,
  loading,
  what,
  notFound,
  forbidden,
  children,
}: DetailGateProps<T>) {
  if (id === null) return notFound(`“${param ?? ''}”`);
  if (query.isPending) {
    return (
      <section className="page">
        <h1>{heading}</h1>
        <Loading label={loading} />
      </section>
    );
  }
  if (query.isError) {
    if (isStatus(query.error, 404)) return notFound(`number ${id}`);
    if (isStatus(query.error, 403)) return forbidden(query.error);
    return (
      <section className="page">
        <h1>{heading}</h1>
        <QueryError title={`${what} could not be loaded`} query={query} finalWhenRefused />
      </section>
    );
  }
  return children(query.data, id);
}

interface DeadEndProps {
  /** The page heading. */
  heading: string;
  /** What cannot be shown. */
  title: string;
  /** Why, in a sentence; the way home follows it. */
  children: ReactNode;
  /** The words of the link to the user's start page. */
  home?: (user: UserView) => string;
}

/** A page that cannot show what was asked for: why, and the way to the user's start page. */
export function DeadEnd({
  heading,
  title,
  children,
  home = () => 'Go to your start page',
}: DeadEndProps) {
  const user = useUser();
  const link = useCycleLink();
  return (
    <section className="page">
      <h1>{heading}</h1>
      <Empty title={title}>
        <p>
          {children} <Link to={link(homePath(user))}>{home(user)}</Link>.
        </p>
      </Empty>
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';

import { describeError } from '../api/client';
import { meQuery, useLogin } from '../api/queries/session';
import { useSessionEnded } from '../app/session';
import { usePageTitle } from '../app/usePageTitle';
import { homePath, safeNext } from './roles';

const ENDED_NOTES = {
  expired: 'Your session has ended. Please sign in again.',
  'signed-out': 'You have signed out.',
} as const;

export function LoginPage() {
  usePageTitle('Sign in');
  const me = useQuery(meQuery());
  const login = useLogin();
  const [params] = useSearchParams();
  const ended = useSessionEnded();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));

  if (me.data) {
    return <Navigate to={next ?? homePath(me.data)} replace />;
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // On success the user is known, and the redirect above takes them on.
    login.mutate({ email: email.trim(), password });
  };

  return (
    <main id="main" className="login" tabIndex={-1}>
      <form className="login__card" onSubmit={submit} noValidate={false}>
        <p className="brand brand--large" aria-hidden="true">
          Gapscope
        </p>
        <h1>Sign in</h1>
        {ended && !login.isError && (
          <p className="note" role="status">
            {ENDED_NOTES[ended]}
          </p>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {login.isError && (
          <p className="form-error" role="alert">
            {describeError(login.error)}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

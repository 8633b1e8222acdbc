// Renders one page the way the app does, without the login and the cycle picker: a fresh query
// client (retrying at once), the signed-in user, the cycle of the page, and a router at `path`
// with the page on `route`.
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';

import type { CycleView, UserView } from '../api/types';
import { CycleContext } from '../app/cycle';
import { createQueryClient } from '../app/queryClient';
import { UserContext } from '../app/session';

export interface PageSetup {
  /** The URL the test opens: "/accounts/81?cycle=2026-Q4". */
  path: string;
  /** The route pattern of the page: "/accounts/:id". */
  route: string;
  user: UserView;
  cycle: CycleView;
}

export function renderPage(page: ReactNode, { path, route, user, cycle }: PageSetup) {
  return render(
    <QueryClientProvider client={createQueryClient({ retryDelayMs: 1 })}>
      <UserContext.Provider value={user}>
        <CycleContext.Provider value={cycle}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={route} element={page} />
            </Routes>
          </MemoryRouter>
        </CycleContext.Provider>
      </UserContext.Provider>
    </QueryClientProvider>,
  );
}

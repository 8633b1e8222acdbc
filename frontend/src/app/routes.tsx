import { Route, Routes } from 'react-router';

import { AuthGate } from '../auth/AuthGate';
import { LoginPage } from '../auth/LoginPage';
import { RequireRole } from '../auth/RequireRole';
import { IMPORT_ROLES } from '../auth/roles';
import { HomePage } from '../pages/HomePage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { AccountManagerPage } from '../pages/scorecard/AccountManagerPage';
import { AccountPage } from '../pages/account/AccountPage';
import { AlertsPage } from '../pages/alerts/AlertsPage';
import { CategoriesPage } from '../pages/categories/CategoriesPage';
import { ImportPage } from '../pages/import/ImportPage';
import { RiskPage } from '../pages/risk/RiskPage';
import { CycleScope } from './CycleScope';

/**
 * Every page of the app. Pages showing survey figures sit inside the cycle scope, which
 * resolves `?cycle=` for them; the import page does not, since it must work before any cycle
 * exists.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<AuthGate />}>
        <Route element={<CycleScope />}>
          <Route index element={<HomePage />} />
          <Route path="alerts" element={<AlertsPage />} />
          <Route path="account-managers/:id" element={<AccountManagerPage />} />
          <Route path="accounts/:id" element={<AccountPage />} />
          <Route path="categories" element={<CategoriesPage />} />
          <Route path="risk" element={<RiskPage />} />
        </Route>
        <Route
          path="import"
          element={
            <RequireRole roles={IMPORT_ROLES} purpose="import surveys">
              <ImportPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

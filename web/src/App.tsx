import { Route, Routes } from 'react-router';
import { RequireSession } from './auth/RequireSession';
import { SignInPage } from './auth/SignInPage';
import { AppFrame } from './layout/AppFrame';
import { SECTIONS } from './layout/sections';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SectionPage } from './pages/SectionPage';

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        element={
          <RequireSession>
            <AppFrame />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        {SECTIONS.map((section) => (
          <Route key={section.id} path={section.path} element={<SectionPage section={section} />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

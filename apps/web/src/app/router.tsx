import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../features/auth/index.ts';
import { Home } from './Home.tsx';
import { OrgLayout } from './OrgLayout.tsx';
import { ResponseGroupsRoute } from './routes/ResponseGroupsRoute.tsx';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/', element: <Home /> },
  {
    path: '/o/:orgId',
    element: <OrgLayout />,
    children: [
      { index: true, element: <Navigate to="response-groups" replace /> },
      { path: 'response-groups', element: <ResponseGroupsRoute /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

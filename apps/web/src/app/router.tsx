import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../features/auth/index.ts';
import { Home } from './Home.tsx';
import { OrgLayout } from './OrgLayout.tsx';
import { ResponseGroupsRoute } from './routes/ResponseGroupsRoute.tsx';
import { IvrMenusRoute } from './routes/IvrMenusRoute.tsx';
import { CallRoutingPage } from '../features/call-routing/index.ts';
import { AudioFilesPage } from '../features/audio-files/index.ts';
import { DisplayNumbersPage } from '../features/display-numbers/index.ts';
import { CallLogPage } from '../features/call-log/index.ts';
import { RecordingPage } from '../features/recording/index.ts';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/', element: <Home /> },
  {
    path: '/o/:orgId',
    element: <OrgLayout />,
    children: [
      { index: true, element: <Navigate to="response-groups" replace /> },
      { path: 'response-groups', element: <ResponseGroupsRoute /> },
      { path: 'ivr-menus', element: <IvrMenusRoute /> },
      { path: 'call-routing', element: <CallRoutingPage /> },
      { path: 'audio-files', element: <AudioFilesPage /> },
      { path: 'display-numbers', element: <DisplayNumbersPage /> },
      { path: 'calls', element: <CallLogPage /> },
      { path: 'recording', element: <RecordingPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

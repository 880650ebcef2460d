import { createBrowserRouter, Navigate } from 'react-router';
import { ForgotPasswordPage, InvitationPage, LoginPage, PasswordResetPage } from '../features/auth/index.ts';
import { Home } from './Home.tsx';
import { OrgLayout } from './OrgLayout.tsx';

/**
 * Each screen is its own chunk, loaded when first opened (the call log's charts are the heaviest),
 * so the login page and the first screen arrive quickly.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/invitation/:token', element: <InvitationPage /> },
  { path: '/password-reset', element: <ForgotPasswordPage /> },
  { path: '/password-reset/:token', element: <PasswordResetPage /> },
  { path: '/account', lazy: () => import('./routes/AccountRoute.tsx').then((m) => ({ Component: m.AccountRoute })) },
  { path: '/', element: <Home /> },
  {
    path: '/o/:orgId',
    element: <OrgLayout />,
    children: [
      { index: true, element: <Navigate to="response-groups" replace /> },
      {
        path: 'response-groups',
        lazy: () => import('./routes/ResponseGroupsRoute.tsx').then((m) => ({ Component: m.ResponseGroupsRoute })),
      },
      {
        path: 'ivr-menus',
        lazy: () => import('./routes/IvrMenusRoute.tsx').then((m) => ({ Component: m.IvrMenusRoute })),
      },
      {
        path: 'call-routing',
        lazy: () => import('../features/call-routing/index.ts').then((m) => ({ Component: m.CallRoutingPage })),
      },
      {
        path: 'outbound-rules',
        lazy: () => import('../features/outbound-rules/index.ts').then((m) => ({ Component: m.OutboundRulesPage })),
      },
      {
        path: 'audio-files',
        lazy: () => import('../features/audio-files/index.ts').then((m) => ({ Component: m.AudioFilesPage })),
      },
      {
        path: 'display-numbers',
        lazy: () => import('../features/display-numbers/index.ts').then((m) => ({ Component: m.DisplayNumbersPage })),
      },
      {
        path: 'calls',
        lazy: () => import('../features/call-log/index.ts').then((m) => ({ Component: m.CallLogPage })),
      },
      {
        path: 'calls/:callId',
        lazy: () => import('../features/call-log/index.ts').then((m) => ({ Component: m.CallDetailPage })),
      },
      { path: 'users', lazy: () => import('../features/users/index.ts').then((m) => ({ Component: m.UsersPage })) },
      {
        path: 'recording',
        handle: { member: true },
        lazy: () => import('../features/recording/index.ts').then((m) => ({ Component: m.RecordingPage })),
      },
      {
        path: 'audit-log',
        lazy: () => import('../features/audit-log/index.ts').then((m) => ({ Component: m.AuditLogPage })),
      },
      // Every member's own screen, phone_system or not (OrgLayout reads `handle.member`).
      {
        path: 'voicemail',
        handle: { member: true },
        lazy: () => import('../features/voicemail/index.ts').then((m) => ({ Component: m.VoicemailPage })),
      },
      // R19: open to members; the API decides whose wallboard they may see (supervisors of the group, admins).
      {
        path: 'wallboard',
        handle: { member: true },
        lazy: () => import('../features/wallboard/index.ts').then((m) => ({ Component: m.WallboardListPage })),
      },
      {
        path: 'wallboard/:groupId',
        handle: { member: true },
        lazy: () => import('./routes/WallboardRoute.tsx').then((m) => ({ Component: m.WallboardRoute })),
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

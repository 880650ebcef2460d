export { LoginPage } from './components/LoginPage.tsx';
export { OrgPicker } from './components/OrgPicker.tsx';
export { NoPermission } from './components/NoPermission.tsx';
export { useMe } from './api/getMe.ts';
export { useLogout } from './api/logout.ts';
export { InvitationPage } from './components/InvitationPage.tsx';
export { ForgotPasswordPage } from './components/ForgotPasswordPage.tsx';
export { PasswordResetPage } from './components/PasswordResetPage.tsx';

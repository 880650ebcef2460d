export { LoginPage } from './components/LoginPage.tsx';
export { OrgPicker } from './components/OrgPicker.tsx';
export { NoPermission } from './components/NoPermission.tsx';
export { useMe } from './api/getMe.ts';
export { useLogout } from './api/logout.ts';

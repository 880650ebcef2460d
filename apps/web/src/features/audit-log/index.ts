export { AuditLogPage } from './components/AuditLogPage.tsx';

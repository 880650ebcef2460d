export { CallLogPage } from './components/CallLogPage.tsx';
export { CallDetailPage } from './components/CallDetailPage.tsx';

export { CallLogPage } from './components/CallLogPage.tsx';

export { ResponseGroupsPage } from './components/ResponseGroupsPage.tsx';

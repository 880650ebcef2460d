export { IvrMenusPage } from './components/IvrMenusPage.tsx';

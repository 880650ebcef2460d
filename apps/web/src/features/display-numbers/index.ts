export { DisplayNumbersPage } from './components/DisplayNumbersPage.tsx';

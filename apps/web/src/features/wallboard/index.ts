export { WallboardListPage } from './components/WallboardListPage.tsx';
export { WallboardPage } from './components/WallboardPage.tsx';

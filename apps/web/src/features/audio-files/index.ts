export { AudioFilesPage } from './components/AudioFilesPage.tsx';

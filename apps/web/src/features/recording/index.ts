export { RecordingPage } from './components/RecordingPage.tsx';

export { VoicemailPage } from './components/VoicemailPage.tsx';

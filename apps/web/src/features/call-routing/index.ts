export { CallRoutingPage } from './components/CallRoutingPage.tsx';

export { OutboundRulesPage } from './components/OutboundRulesPage.tsx';

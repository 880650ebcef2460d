export { OutboundRulesPage } from './components/OutboundRulesPage.tsx';
export { OutboundBlockBanner } from './components/OutboundBlockBanner.tsx';

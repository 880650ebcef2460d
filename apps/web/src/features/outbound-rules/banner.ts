// A second entry of the feature: the shell shows the banner on every page, while the outbound
// rules screen (index.ts) stays a lazy chunk of its own (src/app/router.tsx).
export { OutboundBlockBanner } from './components/OutboundBlockBanner.tsx';

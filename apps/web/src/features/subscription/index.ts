export { BuyMore } from './components/BuyMore.tsx';

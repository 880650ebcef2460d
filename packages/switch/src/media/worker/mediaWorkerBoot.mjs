// The first module of a media worker thread (issue 11). A worker thread has none of its parent's
// module loaders — not vitest's, and Node 20 ignores `--import` in a worker's execArgv — so it
// registers tsx itself, as `./vaxel` and the benches run TypeScript, then loads the entry.
import { register } from 'tsx/esm/api';

register();
await import('./mediaWorker.ts');

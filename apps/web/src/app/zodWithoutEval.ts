import { z } from 'zod';

/**
 * Zod compiles fast parsers with `new Function` when it may, and probes for that while schemas
 * are built. Under the console's Content-Security-Policy (no 'unsafe-eval') the probe is refused
 * and reported as a violation, so the console tells zod not to try. main.tsx imports this module
 * first: the domain's schemas are built when their modules load, and must see the setting.
 */
z.config({ jitless: true });

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Test material written elsewhere (RFC 4475, PROTOS) is read where it lies, never copied into the
 * repository: `VAXEL_TESTDATA`, by default `../shared/testdata` beside the clone.
 */
export const testdataRoot = resolve(process.env.VAXEL_TESTDATA || join(repoRoot, '..', 'shared', 'testdata'));

/**
 * The folder or file `relative` of the test material, or null when it is not there: the suite
 * that needs it is then skipped, saying in one line where to put it. With
 * `VAXEL_REQUIRE_TESTDATA=1` (CI) a missing corpus is an error instead, so it cannot go unnoticed.
 */
export function findTestdata(relative: string): string | null {
  const path = join(testdataRoot, relative);
  if (existsSync(path)) return path;
  const where = `${path} is missing: set VAXEL_TESTDATA to the folder holding the shared test material (default ../shared/testdata)`;
  if (process.env.VAXEL_REQUIRE_TESTDATA === '1') throw new Error(where);
  process.stderr.write(`skipped: ${where}\n`);
  return null;
}

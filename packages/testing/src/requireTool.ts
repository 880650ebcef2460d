import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The Debian package that brings each outside tool the suites run (scripts/setup.sh --test
 * installs them all); a tool missing from this table is named as it is.
 */
const debianPackages: Record<string, string> = {
  sipp: 'sip-tester',
  baresip: 'baresip',
  chromium: 'chromium',
  'espeak-ng': 'espeak-ng',
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffmpeg',
  sox: 'sox',
};

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Where `tool` is: an absolute path as it is, otherwise the first executable of that name on
 * `searchPath` (PATH's folders); null when there is none.
 */
export function findTool(tool: string, searchPath = process.env.PATH ?? ''): string | null {
  if (isAbsolute(tool)) return isExecutableFile(tool) ? tool : null;
  for (const folder of searchPath.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, tool);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/**
 * The path of an outside tool a suite cannot do without (sipp, baresip, chromium, espeak-ng,
 * ffmpeg …). A missing one is an error that fails the suite, never a skip: a test line that
 * passes because its real peers were absent has tested nothing (issue 10).
 */
export function requireTool(tool: string): string {
  const found = findTool(tool);
  if (found) return found;
  const name = tool.split('/').at(-1) ?? tool;
  const where = isAbsolute(tool) ? `${tool} does not exist or is not executable` : `${tool} is not on PATH`;
  throw new Error(
    `${where}: the tests need it; install it with scripts/setup.sh --test (Debian package ${debianPackages[name] ?? name})`,
  );
}

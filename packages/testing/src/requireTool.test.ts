import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool, requireTool } from './requireTool.ts';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'vaxel-tools-'));
  writeFileSync(join(folder, 'runnable'), '#!/bin/sh\n');
  chmodSync(join(folder, 'runnable'), 0o755);
  writeFileSync(join(folder, 'plain'), 'not a program');
  chmodSync(join(folder, 'plain'), 0o644);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('findTool', () => {
  it('finds an executable in the first folder of the search path that has it', () => {
    expect(findTool('runnable', ['/nonexistent', folder].join(delimiter))).toBe(join(folder, 'runnable'));
  });

  it('does not take a file that cannot be run, nor look outside the search path', () => {
    expect(findTool('plain', folder)).toBeNull();
    expect(findTool('runnable', '/nonexistent')).toBeNull();
  });

  it('checks an absolute path as it is', () => {
    expect(findTool(join(folder, 'runnable'), '')).toBe(join(folder, 'runnable'));
    expect(findTool(join(folder, 'plain'), '')).toBeNull();
  });
});

describe('requireTool', () => {
  it('returns the path of a tool that is there', () => {
    expect(requireTool('sh')).toMatch(/\/sh$/);
  });

  it('fails, naming the Debian package that brings a missing tool', () => {
    const original = process.env.PATH;
    process.env.PATH = folder;
    try {
      expect(() => requireTool('sipp')).toThrow(
        'sipp is not on PATH: the tests need it; install it with scripts/setup.sh --test (Debian package sip-tester)',
      );
      expect(() => requireTool('/nonexistent/chromium')).toThrow(
        '/nonexistent/chromium does not exist or is not executable: the tests need it; install it with scripts/setup.sh --test (Debian package chromium)',
      );
    } finally {
      process.env.PATH = original;
    }
  });
});

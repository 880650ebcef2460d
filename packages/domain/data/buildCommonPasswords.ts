/**
 * Builds common-passwords.txt, the list of passwords the password policy refuses
 * (src/passwordPolicy.ts). Run it again only to refresh the list:
 *
 *   cd "$(mktemp -d)" && npm pack @zxcvbn-ts/language-common@4.1.3 && tar xzf zxcvbn-ts-language-common-4.1.3.tgz
 *   npx tsx packages/domain/data/buildCommonPasswords.ts "$PWD/package/src/passwords.json" > packages/domain/data/common-passwords.txt
 *
 * Source: the password dictionary of zxcvbn-ts (@zxcvbn-ts/language-common 4.1.3 on the npm
 * registry, MIT licence, Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc., Copyright (c) 2021
 * @zxcvbn-ts), itself the most frequent passwords of public password leaks. The policy asks for at
 * least 12 characters, so only the entries of 12 or more characters are kept, plus the patterns
 * people reach for when told "at least 12": a common short password repeated or followed by
 * digits, digit and letter runs, and keyboard walks.
 */
import { readFileSync } from 'node:fs';

const minLength = 12;
const source = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as string[];
const out = new Set<string>();
const add = (candidate: string) => {
  const p = candidate.normalize('NFKC').toLowerCase();
  if ([...p].length >= minLength && [...p].length <= 128 && !/[\r\n#]/.test(p)) out.add(p);
};

// 1. The dictionary's own long entries.
for (const p of source) add(p);

// 2. The most common short passwords, doubled and tripled, and with the digits people append.
const top = source.slice(0, 2000).filter((p) => p.length >= 4 && p.length < minLength);
const suffixes = ['1', '12', '123', '1234', '12345', '123456', '!', '1!', '123!', '2023', '2024', '2025', '2026', '01', '69', '007'];
for (const p of top) {
  add(p + p);
  add(p + p + p);
  for (const suffix of suffixes) add(p + suffix);
}

// 3. Digit runs up and down (wrapping 9→0), and letter runs.
for (let start = 0; start < 10; start++) {
  for (let length = minLength; length <= 20; length++) {
    let up = '';
    let down = '';
    for (let i = 0; i < length; i++) {
      up += String((start + i) % 10);
      down += String((start - i + 100) % 10);
    }
    add(up);
    add(down);
  }
}
const alphabet = 'abcdefghijklmnopqrstuvwxyz';
for (let start = 0; start + minLength <= alphabet.length; start++) {
  for (let end = start + minLength; end <= alphabet.length; end++) {
    add(alphabet.slice(start, end));
    add([...alphabet.slice(start, end)].reverse().join(''));
  }
}

// 4. Keyboard walks on QWERTY: along the rows, down the columns, and the digit row interleaved.
const rows = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const allRows = rows.join('');
for (let start = 0; start < allRows.length; start++) {
  for (let end = start + minLength; end <= Math.min(allRows.length, start + 30); end++) add(allRows.slice(start, end));
}
for (const row of rows.slice(1)) {
  add(row + row.slice(0, minLength - row.length));
  add(`${row}123`);
  add(`${row}1234`);
  add(`123${row}`);
}
const columns = Array.from({ length: 10 }, (_, i) => rows.map((r) => r[i] ?? '').join(''));
for (let start = 0; start < columns.length; start++) {
  for (let end = start + 3; end <= columns.length; end++) {
    const walk = columns.slice(start, end);
    add(walk.join(''));
    add(walk.map((c) => c.slice(1)).join(''));
    add(walk.map((c) => [...c].reverse().join('')).join(''));
    add(walk.map((c) => c.slice(0, 3)).join(''));
  }
}
for (const [a, b] of [[rows[0]!, rows[1]!], [rows[1]!, rows[0]!], [rows[1]!, rows[2]!], [rows[0]!, rows[2]!]] as const) {
  let interleaved = '';
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    interleaved += a[i]! + b[i]!;
    add(interleaved);
  }
}

const header = [
  '# Common passwords refused by the password policy (packages/domain/src/passwordPolicy.ts), lower case.',
  '# Built by packages/domain/data/buildCommonPasswords.ts from the password dictionary of zxcvbn-ts',
  '# (@zxcvbn-ts/language-common 4.1.3, MIT licence, Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.,',
  '# Copyright (c) 2021 @zxcvbn-ts): its entries of 12+ characters, common short passwords repeated or with',
  '# digits appended, digit and letter runs, and QWERTY keyboard walks.',
];
process.stdout.write(`${[...header, ...[...out].sort()].join('\n')}\n`);

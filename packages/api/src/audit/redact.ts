/**
 * Secrets never reach the audit log. A value is secret when its key names one (password,
 * sipPassword, token, secret, ha1, hash, currentPassword, newPassword, authorization, a voicemail pin …, matched
 * case-insensitively anywhere in the key, so `tokenHash` and `sipHa1Md5` count too), and every
 * other string that contains a secret (an invitation's `url` carries its token) is secret as well.
 * Booleans and nulls under such keys stay: `hasSipPassword: true` tells that one is set, not what.
 */
export const redacted = '[redacted]';

const secretKeyParts = ['password', 'token', 'secret', 'ha1', 'hash', 'authorization', 'cookie', 'apikey'];

/** A voicemail PIN (`pin`, `newPin`): whole word only, so `mapping` or `spinner` stay readable. */
const pinKey = /^pin$|[a-z]Pin$/;

export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  return pinKey.test(key) || secretKeyParts.some((part) => lower.includes(part));
}

/** Shorter values are not hunted for inside other strings: they would blank out ordinary text. */
const minimumSecretLength = 6;

/**
 * How deep documents are searched. States and bodies of settings are a few levels deep; a body
 * nested deeper than this is junk (a client may send anything to a route that reads no JSON),
 * and what lies below is dropped from an entry rather than walked into a stack overflow.
 */
const maximumDepth = 32;

/** The string values under secret keys anywhere in the documents. */
export function collectSecrets(...documents: unknown[]): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, secret: boolean, depth: number): void => {
    if (depth > maximumDepth) return;
    if (typeof value === 'string') {
      if (secret && value.length >= minimumSecretLength) found.add(value);
    } else if (typeof value === 'number') {
      if (secret && String(value).length >= minimumSecretLength) found.add(String(value));
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, secret, depth + 1);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, secret || isSecretKey(key), depth + 1);
    }
  };
  for (const document of documents) visit(document, false, 0);
  return [...found];
}

/**
 * A copy of `value` with secrets replaced by {@link redacted}: values under secret keys, and any
 * string containing one of `knownSecrets` (from the request body, say) or a secret found in
 * `value` itself.
 */
export function redactSecrets<T>(value: T, knownSecrets: readonly string[] = []): T {
  const secrets = [
    ...new Set([...knownSecrets.filter((s) => s.length >= minimumSecretLength), ...collectSecrets(value)]),
  ];
  const scrub = (item: unknown, secret: boolean, depth: number): unknown => {
    if (item === null || item === undefined || typeof item === 'boolean') return item;
    if (secret) return redacted;
    if (typeof item === 'string') return secrets.some((s) => item.includes(s)) ? redacted : item;
    if (typeof item !== 'object') return item;
    if (depth >= maximumDepth) return null;
    if (Array.isArray(item)) return item.map((element) => scrub(element, false, depth + 1));
    return Object.fromEntries(
      Object.entries(item).map(([key, element]) => [key, scrub(element, isSecretKey(key), depth + 1)]),
    );
  };
  return scrub(value, false, 0) as T;
}

/**
 * Dotted paths of the secrets a request body sets (`sipPassword`, `trunk.password`): an update
 * that sets a new secret is a change even when the readable state (`hasSipPassword`) stays the same.
 */
export function secretPaths(body: unknown, prefix = '', depth = 0): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || depth > maximumDepth) return [];
  const paths: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isSecretKey(key)) {
      if (value !== null && value !== undefined && typeof value !== 'boolean') paths.push(path);
    } else {
      paths.push(...secretPaths(value, path, depth + 1));
    }
  }
  return paths;
}

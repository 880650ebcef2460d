/**
 * An ordered list of header fields. Names are case-insensitive (RFC 3261 §7.3.1) and compact
 * forms (§7.3.3) are expanded, so `get('call-id')`, `get('Call-ID')` and a received `i:` all
 * meet. A comma-separated line of a list header (Via, Contact, Route ...) is stored as one
 * entry per value, which §7.3.1 makes equivalent and which keeps order for Via and Route.
 */

export interface Header {
  /** Canonical spelling (`Call-ID`, `WWW-Authenticate`) for known headers, as received otherwise. */
  readonly name: string;
  readonly value: string;
}

const COMPACT_FORMS: Record<string, string> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const CANONICAL_NAMES = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Error-Info',
  'Event',
  'Expires',
  'From',
  'In-Reply-To',
  'Max-Forwards',
  'MIME-Version',
  'Min-Expires',
  'Organization',
  'Priority',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'Record-Route',
  'Refer-To',
  'Referred-By',
  'Reply-To',
  'Require',
  'Retry-After',
  'Route',
  'RAck',
  'RSeq',
  'Server',
  'Session-Expires',
  'Subject',
  'Subscription-State',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
  'P-Asserted-Identity',
  'Privacy',
  'Diversion',
  'Reason',
  'Min-SE',
  'Path',
];
const CANONICAL_BY_LOWER = new Map(CANONICAL_NAMES.map((name) => [name.toLowerCase(), name]));

/**
 * Headers whose grammar is a comma-separated list (§7.3.1: "#(...)"). Others — notably
 * WWW-Authenticate, Authorization and Date, whose values contain commas — are never split.
 */
const LIST_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'allow',
  'allow-events',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'error-info',
  'in-reply-to',
  'proxy-require',
  'record-route',
  'require',
  'route',
  'supported',
  'unsupported',
  'via',
  'warning',
  'path',
]);

export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  const expanded = COMPACT_FORMS[lower];
  if (expanded !== undefined) return expanded;
  return CANONICAL_BY_LOWER.get(lower) ?? name;
}

/** The lower-case canonical name, used to compare names (compact forms expanded). */
function keyOf(name: string): string {
  const lower = name.toLowerCase();
  return lower.length === 1 ? (COMPACT_FORMS[lower]?.toLowerCase() ?? lower) : lower;
}

export function isListHeader(name: string): boolean {
  return LIST_HEADERS.has(keyOf(name));
}

interface Entry extends Header {
  readonly key: string;
}

export class Headers implements Iterable<Header> {
  readonly #entries: Entry[] = [];

  constructor(entries: Iterable<readonly [string, string]> = []) {
    for (const [name, value] of entries) this.append(name, value);
  }

  append(name: string, value: string): this {
    this.#entries.push(entry(name, value));
    return this;
  }

  /** Inserts before any existing field of the same name (a proxy's or UAC's new top Via, §16.6). */
  prepend(name: string, value: string): this {
    const added = entry(name, value);
    const index = this.#entries.findIndex((e) => e.key === added.key);
    this.#entries.splice(index < 0 ? this.#entries.length : index, 0, added);
    return this;
  }

  /** Replaces every field of this name with one value, keeping the position of the first. */
  set(name: string, value: string): this {
    const added = entry(name, value);
    const index = this.#entries.findIndex((e) => e.key === added.key);
    this.delete(name);
    this.#entries.splice(index < 0 ? this.#entries.length : index, 0, added);
    return this;
  }

  delete(name: string): this {
    const key = keyOf(name);
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      if (this.#entries[i]!.key === key) this.#entries.splice(i, 1);
    }
    return this;
  }

  /** Removes only the first field of this name (a proxy popping its own Via, §16.7). */
  deleteFirst(name: string): this {
    const key = keyOf(name);
    const index = this.#entries.findIndex((e) => e.key === key);
    if (index >= 0) this.#entries.splice(index, 1);
    return this;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The first value of this name. */
  get(name: string): string | undefined {
    const key = keyOf(name);
    return this.#entries.find((e) => e.key === key)?.value;
  }

  /** Every value of this name, in order. */
  getAll(name: string): string[] {
    const key = keyOf(name);
    return this.#entries.filter((e) => e.key === key).map((e) => e.value);
  }

  get size(): number {
    return this.#entries.length;
  }

  clone(): Headers {
    return new Headers(this.#entries.map((entry) => [entry.name, entry.value] as const));
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.#entries.map(({ name, value }) => ({ name, value }))[Symbol.iterator]();
  }
}

function entry(name: string, value: string): Entry {
  const canonical = canonicalHeaderName(name);
  return { name: canonical, value, key: canonical.toLowerCase() };
}

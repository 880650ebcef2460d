/**
 * RFC 3261 §10.3 steps 6–8, without I/O: from the Contact and Expires fields of a REGISTER, the
 * bindings to add, refresh or remove, or the error response the registrar must send.
 */
export interface ExpiryLimits {
  /** §10.3 step 7: shorter non-zero requests get 423 Interval Too Brief with Min-Expires. */
  minSeconds: number;
  /** Longer requests are shortened to this ("the registrar MAY shorten the expiration"). */
  maxSeconds: number;
  /** When neither the contact nor the request says (§10.2.1.1 lets the registrar choose). */
  defaultSeconds: number;
}

export interface RequestedContact {
  /** The contact URI as text: the binding's key. */
  uri: string;
  /** The contact's `expires` parameter, if present. */
  expiresParam: string | null;
}

export type BindingPlan =
  | { ok: true; removeAll: true }
  | { ok: true; removeAll: false; bindings: Array<{ uri: string; expiresSeconds: number }> }
  | { ok: false; status: 400 | 423; reason: string; headers: Array<[string, string]> };

function parseSeconds(text: string | null | undefined): number | undefined | 'bad' {
  if (text === null || text === undefined) return undefined;
  const trimmed = text.trim();
  // §20.19: delta-seconds; values past 2^32-1 are treated as that (§10.2.1.1 allows any size).
  if (!/^\d{1,10}$/.test(trimmed)) return 'bad';
  return Math.min(Number(trimmed), 2 ** 32 - 1);
}

export function planBindings(
  contacts: RequestedContact[] | '*',
  expiresHeader: string | undefined,
  limits: ExpiryLimits,
): BindingPlan {
  const headerSeconds = parseSeconds(expiresHeader);
  if (headerSeconds === 'bad')
    return { ok: false, status: 400, reason: 'Bad Request', headers: [['Warning', '399 vaxel "Malformed Expires"']] };
  if (contacts === '*') {
    // §10.3 step 6: "If the request contains "*" ... and an Expires header field with a value
    // other than zero, ... the registrar MUST return a 400 (Invalid Request)".
    if (headerSeconds !== 0)
      return {
        ok: false,
        status: 400,
        reason: 'Invalid Request',
        headers: [['Warning', '399 vaxel "Contact: * requires Expires: 0"']],
      };
    return { ok: true, removeAll: true };
  }
  const bindings: Array<{ uri: string; expiresSeconds: number }> = [];
  for (const contact of contacts) {
    const paramSeconds = parseSeconds(contact.expiresParam);
    if (paramSeconds === 'bad')
      return {
        ok: false,
        status: 400,
        reason: 'Bad Request',
        headers: [['Warning', '399 vaxel "Malformed expires parameter"']],
      };
    const requested = paramSeconds ?? headerSeconds ?? limits.defaultSeconds;
    if (requested !== 0 && requested < limits.minSeconds) {
      return {
        ok: false,
        status: 423,
        reason: 'Interval Too Brief',
        headers: [['Min-Expires', String(limits.minSeconds)]],
      };
    }
    bindings.push({ uri: contact.uri, expiresSeconds: Math.min(requested, limits.maxSeconds) });
  }
  return { ok: true, removeAll: false, bindings };
}

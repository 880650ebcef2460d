import { describe, expect, it } from 'vitest';
import { planBindings } from './bindingPlan.ts';

const limits = { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 600 };
const contact = (uri: string, expiresParam: string | null = null) => ({ uri, expiresParam });

describe('planBindings', () => {
  it('takes the contact’s expires parameter over the Expires header', () => {
    expect(planBindings([contact('sip:a@1.2.3.4', '120'), contact('sip:b@1.2.3.4')], '300', limits)).toEqual({
      ok: true,
      removeAll: false,
      bindings: [
        { uri: 'sip:a@1.2.3.4', expiresSeconds: 120 },
        { uri: 'sip:b@1.2.3.4', expiresSeconds: 300 },
      ],
    });
  });
  it('uses the default expiry when the request names none, and caps long ones', () => {
    expect(planBindings([contact('sip:a@x')], undefined, limits)).toMatchObject({
      bindings: [{ expiresSeconds: 600 }],
    });
    expect(planBindings([contact('sip:a@x', '99999')], undefined, limits)).toMatchObject({
      bindings: [{ expiresSeconds: 3600 }],
    });
  });
  it('answers 423 with Min-Expires for a too brief interval', () => {
    expect(planBindings([contact('sip:a@x', '10')], undefined, limits)).toEqual({
      ok: false,
      status: 423,
      reason: 'Interval Too Brief',
      headers: [['Min-Expires', '60']],
    });
  });
  it('keeps expires 0 as a removal of that contact', () => {
    expect(planBindings([contact('sip:a@x')], '0', limits)).toMatchObject({
      bindings: [{ uri: 'sip:a@x', expiresSeconds: 0 }],
    });
  });
  it('removes every binding for Contact: * with Expires: 0 and refuses it otherwise', () => {
    expect(planBindings('*', '0', limits)).toEqual({ ok: true, removeAll: true });
    expect(planBindings('*', '3600', limits)).toMatchObject({ ok: false, status: 400 });
    expect(planBindings('*', undefined, limits)).toMatchObject({ ok: false, status: 400 });
  });
  it('refuses malformed expiry values with 400', () => {
    expect(planBindings([contact('sip:a@x', 'soon')], undefined, limits)).toMatchObject({ ok: false, status: 400 });
    expect(planBindings([contact('sip:a@x')], '-5', limits)).toMatchObject({ ok: false, status: 400 });
  });
});

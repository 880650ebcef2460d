import type { Destination } from './destination.ts';
import type { Usage } from './errors.ts';
import type { Prompt } from './prompt.ts';

/**
 * Walks any settings value and reports every audio file and every destination it refers to,
 * with the field path. One walker serves "which places use this audio file" (R43), "what points
 * to this menu or group" (R24) and reference validation.
 */
export type Reference =
  | { kind: 'audioFile'; audioFileId: string; field: string }
  | { kind: 'destination'; destination: Destination; field: string };

export function collectReferences(value: unknown, path = ''): Reference[] {
  const out: Reference[] = [];
  walk(value, path, out);
  return out;
}

function walk(value: unknown, path: string, out: Reference[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (isPrompt(record) && record.type === 'audioFile') {
    out.push({ kind: 'audioFile', audioFileId: String(record.audioFileId), field: path });
    return;
  }
  if (isDestination(record)) out.push({ kind: 'destination', destination: record as Destination, field: path });
  for (const [key, child] of Object.entries(record)) {
    if (key === 'musicOnHoldAudioFileId' && typeof child === 'string') {
      out.push({ kind: 'audioFile', audioFileId: child, field: join(path, key) });
    } else {
      walk(child, join(path, key), out);
    }
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function isPrompt(v: Record<string, unknown>): v is Prompt {
  return v.type === 'audioFile' && typeof v.audioFileId === 'string';
}

const destinationTypes = new Set([
  'user',
  'responseGroup',
  'ivrMenu',
  'voicemail',
  'externalNumber',
  'playMessage',
  'repeatMenu',
  'busyTone',
  'hangup',
]);
function isDestination(v: Record<string, unknown>): boolean {
  if (typeof v.type !== 'string' || !destinationTypes.has(v.type)) return false;
  // A scope like { type: 'user', userId } is shaped like a destination; callers decide by field.
  return true;
}

/** A thing that holds settings, for usage reports. */
export type SettingsHolder = { type: string; id: string; name: string; settings: unknown };

/** Every place among `holders` that uses the audio file. */
export function audioFileUsages(audioFileId: string, holders: SettingsHolder[]): Usage[] {
  return holders.flatMap((h) =>
    collectReferences(h.settings)
      .filter((r) => r.kind === 'audioFile' && r.audioFileId === audioFileId)
      .map((r) => ({ type: h.type, id: h.id, name: h.name, field: r.field })),
  );
}

/** Every place among `holders` that sends calls to the target (an IVR menu, a group or a user). */
export function destinationUsages(
  target: { type: 'ivrMenu' | 'responseGroup' | 'user'; id: string },
  holders: SettingsHolder[],
): Usage[] {
  return holders.flatMap((h) =>
    collectReferences(h.settings)
      .filter((r) => r.kind === 'destination' && pointsTo(r.destination, target))
      .map((r) => ({ type: h.type, id: h.id, name: h.name, field: r.field })),
  );
}

function pointsTo(d: Destination, target: { type: string; id: string }): boolean {
  switch (d.type) {
    case 'ivrMenu':
      return target.type === 'ivrMenu' && d.ivrMenuId === target.id;
    case 'responseGroup':
      return target.type === 'responseGroup' && d.responseGroupId === target.id;
    case 'user':
      return target.type === 'user' && d.userId === target.id;
    case 'voicemail':
      if (!d.owner) return false;
      return d.owner.type === 'user'
        ? target.type === 'user' && d.owner.userId === target.id
        : target.type === 'responseGroup' && d.owner.responseGroupId === target.id;
    default:
      return false;
  }
}

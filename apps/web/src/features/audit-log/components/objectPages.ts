/**
 * The console screen where each kind of object is edited, for the audit log's links. Objects the
 * console has no screen for (trunks, numbers, accounts, purchases) are shown without a link.
 */
const pages: Record<string, string> = {
  user: 'users',
  team: 'users',
  responseGroup: 'response-groups',
  responseGroupDefaults: 'response-groups',
  ivrMenu: 'ivr-menus',
  callRoutingDefaults: 'call-routing',
  outboundRules: 'outbound-rules',
  outboundBlock: 'outbound-rules',
  audioFile: 'audio-files',
  displayNumber: 'display-numbers',
  recordingPolicy: 'recording',
};

/** The console path of an object's screen, or null (none, or the object was deleted). */
export function objectPage(orgId: string, objectType: string, action: string): string | null {
  const page = pages[objectType];
  return page && action !== 'delete' ? `/o/${orgId}/${page}` : null;
}

/** The object types a person can filter by, in the order the navigation shows their screens. */
export const filterableObjectTypes = [
  'responseGroup',
  'responseGroupDefaults',
  'ivrMenu',
  'callRoutingDefaults',
  'outboundRules',
  'outboundBlock',
  'audioFile',
  'displayNumber',
  'recordingPolicy',
  'user',
  'team',
  'number',
  'purchase',
  'organisation',
  'account',
] as const;

/** The badge colour of each call outcome (R58), the same in the table and the detail. */
export const outcomeColor: Record<string, string> = {
  answered: 'teal',
  missed: 'red',
  abandoned: 'grape',
  voicemail: 'blue',
  busy: 'indigo',
  rejected: 'gray',
  failed: 'red',
  callback: 'cyan',
};

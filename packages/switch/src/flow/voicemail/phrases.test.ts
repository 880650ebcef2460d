import { describe, expect, it } from 'vitest';
import { builtInGreeting, messageCount, spokenNumber } from './phrases.ts';

describe('what voicemail says', () => {
  it.each([
    [1, 0, 'Du har ett nytt meddelande.', 'You have one new message.'],
    [2, 1, 'Du har 2 nya meddelanden och ett sparat.', 'You have 2 new messages and 1 saved.'],
    [0, 3, 'Du har inga nya meddelanden och 3 sparade.', 'You have no new messages and 3 saved.'],
  ])('counts %i new and %i saved messages in Swedish and English', (fresh, saved, sv, en) => {
    expect(messageCount('sv', fresh, saved)).toBe(sv);
    expect(messageCount('en', fresh, saved)).toBe(en);
  });

  it('reads a number digit by digit, and says so when there is none', () => {
    expect(spokenNumber('en', '+46701234567')).toBe('plus 4 6 7 0 1 2 3 4 5 6 7');
    expect(spokenNumber('sv', 'anonymous')).toBe('okänt nummer');
  });

  it("greets in the organisation's language, naming the person or the group", () => {
    expect(builtInGreeting('sv', 'Anna Berg', 'user')).toBe(
      'Du har kommit till röstbrevlådan för Anna Berg. Lämna ett meddelande efter tonen. Tryck fyrkant när du är klar.',
    );
    expect(builtInGreeting('en', 'Support', 'responseGroup')).toBe(
      'You have reached Support. Please leave a message after the tone. Press hash when you are done.',
    );
  });
});

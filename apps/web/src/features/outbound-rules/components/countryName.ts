const names = new Map<string, Intl.DisplayNames | null>();

/** A country's name in the console's language (the browser knows them all), else its ISO code. */
export function countryName(country: string, language: string): string {
  if (!names.has(language)) {
    try {
      names.set(language, new Intl.DisplayNames([language], { type: 'region' }));
    } catch {
      names.set(language, null);
    }
  }
  try {
    return names.get(language)?.of(country) ?? country;
  } catch {
    return country;
  }
}

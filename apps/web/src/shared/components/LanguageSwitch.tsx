import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, type ConsoleLanguage } from '../i18n/i18n.ts';

/** Svenska / English, remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('nav.language')}
      value={i18n.language === 'en' ? 'en' : 'sv'}
      onChange={(v) => chooseLanguage(v as ConsoleLanguage)}
      data={[
        { value: 'sv', label: 'Svenska' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}

import { LOCALES, useLocale, useT } from '../i18n';

const NAMES = { en: 'English', 'zh-CN': '简体中文' } as const;

export function LanguageSwitch() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  return (
    <label className="language-switch">
      <span className="sr-only">{t('app.language')}</span>
      <select
        data-testid="language"
        aria-label={t('app.language')}
        value={locale}
        onChange={(e) => setLocale(e.target.value as typeof locale)}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

import { create } from 'zustand';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';
import { EN_PLURALS, pluralRule, type PluralForms } from './plurals';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
const STORAGE_KEY = 'operator-console.locale';
const tables: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const plurals: Record<Locale, Partial<Record<MessageKey, PluralForms>>> = { en: EN_PLURALS, 'zh-CN': {} };

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage unavailable (private mode, Node): fall through to English
  }
  return 'en';
}

interface LocaleState {
  locale: Locale;
  setLocale(l: Locale): void;
}

export const useLocale = create<LocaleState>((set) => ({
  locale: initialLocale(),
  setLocale(locale) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // not remembered, still switched
    }
    set({ locale });
  },
}));

/** Translate outside React (or inside, with the locale from useLocale so it re-renders). */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const base = tables[locale][key] ?? en[key];
  if (!vars) return base;
  // A counted phrase: the form the locale's plural rule picks for n.
  const text = typeof vars.n === 'number' ? (plurals[locale][key]?.[pluralRule(locale, vars.n)] ?? base) : base;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** React hook: `const t = useT(); t('fleet.title')`. */
export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const locale = useLocale((s) => s.locale);
  return (key, vars) => translate(locale, key, vars);
}

export function formatNumber(locale: Locale, n: number, digits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

export type { MessageKey };

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
export type Translator = (key: MessageKey, vars?: Record<string, string | number>) => string;
const translators = new Map<Locale, Translator>();

/**
 * The translator of a locale, one function per locale: hooks and effects that depend on `t` run again when
 * the locale changes, not on every render (an effect re-subscribing its listeners on each render of a busy
 * view cost the UI thread tens of milliseconds per render).
 */
export function translatorOf(locale: Locale): Translator {
  let t = translators.get(locale);
  if (!t) {
    t = (key, vars) => translate(locale, key, vars);
    translators.set(locale, t);
  }
  return t;
}

export function useT(): Translator {
  return translatorOf(useLocale((s) => s.locale));
}

export function formatNumber(locale: Locale, n: number, digits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

export type { MessageKey };

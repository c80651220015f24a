import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import { translate } from '../../src/i18n/i18n';

const SRC = path.resolve(__dirname, '../../src');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return tsxFiles(p);
    return p.endsWith('.tsx') ? [p] : [];
  });
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI text', () => {
  it('every English string has a non-empty zh-CN entry with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy();
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('every key used in a component exists', () => {
    const used = new Set<string>();
    for (const file of tsxFiles(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('components carry no hard-coded English text between tags', () => {
    const offenders: string[] = [];
    for (const file of tsxFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      // JSX text children such as <b>Robot</b>: a word of letters directly between > and < or {.
      for (const m of text.matchAll(/(?<![=-])>\s*([A-Za-z][A-Za-z ,.'!?-]{2,})\s*(?=[<{])/g)) {
        offenders.push(`${path.relative(SRC, file)}: "${m[1].trim()}"`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('fills placeholders and switches language', () => {
    expect(translate('en', 'status.retryIn', { s: 3 })).toBe('retry in 3 s');
    expect(translate('zh-CN', 'status.retryIn', { s: 3 })).toBe('3 秒后重试');
  });
});

describe('counted phrases', () => {
  it('English picks one or other by Intl.PluralRules; Chinese has one form', () => {
    expect(translate('en', 'problems.count', { n: 1 })).toBe('1 problem');
    expect(translate('en', 'problems.count', { n: 0 })).toBe('0 problems');
    expect(translate('en', 'problems.count', { n: 2 })).toBe('2 problems');
    expect(translate('en', 'review.imported', { n: 1 })).toBe('Imported 1 incident.');
    expect(translate('zh-CN', 'problems.count', { n: 1 })).toBe(translate('zh-CN', 'problems.count', { n: 5 }).replace('5', '1'));
  });
  it('every plural form keeps the placeholders of its message', async () => {
    const { EN_PLURALS } = await import('../../src/i18n/plurals');
    for (const [key, forms] of Object.entries(EN_PLURALS)) {
      for (const text of Object.values(forms ?? {})) {
        const own = placeholders(text);
        expect(
          own.every((p) => placeholders(en[key as keyof typeof en]).includes(p)),
          key,
        ).toBe(true);
      }
    }
  });
});

describe('useT', () => {
  it('gives one translator per locale, so effects that depend on it do not re-run on every render', async () => {
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const { useT, useLocale, translatorOf } = await import('../../src/i18n/i18n');
    const seen: unknown[] = [];
    const Probe = () => {
      const t = useT();
      seen.push(t);
      return createElement('span', null, t('fleet.title'));
    };
    const before = useLocale.getState().locale;
    try {
      useLocale.setState({ locale: 'en' });
      renderToString(createElement(Probe));
      renderToString(createElement(Probe));
      expect(seen[0]).toBe(seen[1]);
      expect(seen[0]).toBe(translatorOf('en'));
      // (a server render reads the store's initial locale, so the other locale is checked directly)
      expect(translatorOf('zh-CN')).toBe(translatorOf('zh-CN'));
      expect(translatorOf('zh-CN')).not.toBe(seen[0]);
      expect(translatorOf('zh-CN')('fleet.title')).toBe(zhCN['fleet.title']);
    } finally {
      useLocale.setState({ locale: before });
    }
  });
});

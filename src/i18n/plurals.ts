// Counted phrases: a message whose `{n}` is a number takes the form the language's plural rule picks for n
// (Intl.PluralRules): English "1 problem" / "2 problems". The table text in en.ts is the `other` form;
// other forms are listed here. Chinese has one form, so it needs none.
import type { MessageKey } from './en';

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>>;

export const EN_PLURALS: Partial<Record<MessageKey, PluralForms>> = {
  'problems.count': { one: '{n} problem' },
  'sensors.points': { one: '{n} point' },
  'incidents.candidates.count': { one: 'seen once' },
  'review.count': { one: '{n} incident' },
  'review.clipInfo': { one: '{n} message on {m} topics' },
  'review.imported': { one: 'Imported {n} incident.' },
  'audit.chainOk': { one: 'Intact: {n} chained record, newest hash {head}…' },
};

const rules = new Map<string, Intl.PluralRules>();

/** The plural category of n in `locale` ("one", "other", …). */
export function pluralRule(locale: string, n: number): Intl.LDMLPluralRule {
  let r = rules.get(locale);
  if (!r) rules.set(locale, (r = new Intl.PluralRules(locale)));
  return r.select(n);
}

// The capture form's keyboard: Esc keeps a draft, Enter saves (Shift+Enter is a new line in the note), and
// outside the text fields digits pick the category, then the severity.
import type { KeyboardEvent } from 'react';
import { SEVERITIES, type Severity } from './types';

export type FormStep = 'category' | 'severity' | 'text';

export interface FormKeyActions {
  step: FormStep;
  taxonomy: readonly string[];
  finish(final: boolean): void;
  pickCategory(c: string): void;
  pickSeverity(s: Severity): void;
}

function consume(e: KeyboardEvent): void {
  e.preventDefault();
  e.stopPropagation();
}

export function onFormKeyDown(e: KeyboardEvent<HTMLDivElement>, a: FormKeyActions): void {
  const target = e.target as HTMLElement;
  const inText = target.tagName === 'TEXTAREA' || target.tagName === 'INPUT';
  if (e.key === 'Escape') {
    consume(e);
    a.finish(false);
    return;
  }
  // Enter on a plain button (Later, Save) presses that button instead.
  if (e.key === 'Enter' && !e.shiftKey && !(target.tagName === 'BUTTON' && !target.closest('[role="radiogroup"]'))) {
    consume(e);
    a.finish(true);
    return;
  }
  if (inText || e.ctrlKey || e.metaKey || e.altKey) return;
  const n = /^[1-9]$/.test(e.key) ? Number(e.key) : 0;
  if (!n) return;
  const inSeverity = a.step === 'severity' || target.closest('[data-group="severity"]');
  if (inSeverity && n <= SEVERITIES.length) a.pickSeverity(SEVERITIES[n - 1]!);
  else if (!inSeverity && n <= a.taxonomy.length) a.pickCategory(a.taxonomy[n - 1]!);
  else return;
  consume(e);
}

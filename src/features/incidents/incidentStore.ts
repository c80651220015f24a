// What a person sees of incidents: the list (few items, refreshed from the repository when it changes),
// the pending candidates, and which incident the form is editing. Updated only on those events, never per
// robot message.
import { create } from 'zustand';
import type { Candidate, Incident } from './types';

interface IncidentState {
  incidents: Incident[];
  candidates: Candidate[];
  /** Incident the capture form is editing, or null when the form is closed. */
  formId: string | null;
  /** The row being captured, shown by the form before the store has it (the form opens at once). */
  formDraft: Incident | null;
  /** Last storage/capture error for a person, or null. */
  error: string | null;
  setIncidents(list: Incident[]): void;
  openForm(id: string): void;
  closeForm(): void;
  setError(text: string | null): void;
}

export const useIncidentStore = create<IncidentState>((set) => ({
  incidents: [],
  candidates: [],
  formId: null,
  formDraft: null,
  error: null,
  setIncidents(incidents) {
    set({ incidents });
  },
  openForm(formId) {
    set({ formId });
  },
  closeForm() {
    set({ formId: null, formDraft: null });
  },
  setError(error) {
    set({ error });
  },
}));

const OPERATOR_KEY = 'operator-console.operator';
const TAKEOVER_NAME_KEY = 'operator-console.operatorName';

/** The person at this console: localStorage `operator-console.operator`, else the takeover name, else ''. */
export function operatorName(): string {
  try {
    const ls = globalThis.localStorage;
    return ls?.getItem(OPERATOR_KEY) || ls?.getItem(TAKEOVER_NAME_KEY) || '';
  } catch {
    return '';
  }
}

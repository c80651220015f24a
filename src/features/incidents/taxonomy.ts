// The incident categories a person picks from: the site's taxonomy (set by the composition root from the site
// profile), else the defaults.
import { create } from 'zustand';
import { DEFAULT_CATEGORIES } from './types';

export const useIncidentTaxonomy = create<{ categories: readonly string[] }>(() => ({ categories: DEFAULT_CATEGORIES }));

export function setIncidentTaxonomy(categories: readonly string[] | undefined): void {
  useIncidentTaxonomy.setState({ categories: categories && categories.length ? [...categories] : DEFAULT_CATEGORIES });
}

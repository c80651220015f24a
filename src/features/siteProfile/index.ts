// Site profiles: one JSON file with a site's robots, places, task templates, taxonomy and shifts; validated
// whole (errors name line and field) before anything changes.
export { SiteProfilePanel } from './SiteProfilePanel';
export { evidenceBudgetBytes, meshSourceOf, useSiteConfig } from './siteConfigStore';
export { exportSiteProfileFile, importSiteProfileFile } from './siteProfileActions';

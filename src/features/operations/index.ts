// Operations: robot modes recorded per second, service figures per robot and shift, the dashboard and CSV.
export { OperationsDashboard } from './OperationsDashboard';
export { startOperations } from './operationsRuntime';
export { createModeRepo } from './modeRepo';
export { loadServiceRecords } from './serviceRecords';
export { DEFAULT_SHIFTS, isTimeZone, type ShiftDef } from './shifts';

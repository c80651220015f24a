// Shared contracts: the operator protocol (console, robots and the simulated robots) and the records consoles
// and the hub exchange.
export * from './operatorProtocol';
export * from './records';
export * from './safetyProtocol';
export * from './arbitration';
export * from './figures';

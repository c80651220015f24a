// Shared contracts between the console and robots (and the simulated robots): the operator protocol.
export * from './operatorProtocol';

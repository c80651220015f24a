// The fleet: one link per robot (outside React), the robot list and selection, and the few-Hz poll that
// mirrors what a person sees of each robot into the store.
export * from './fleetLinks';
export * from './fleetStore';
export { startFleetWatcher } from './fleetWatcher';
export { consoleNotes, setConsoleNote, type ConsoleNote } from './consoleNotes';

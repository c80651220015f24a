// The one bridge to the desktop shell (or its browser stand-in).
export * from './consoleApi';
export * from './hubUrl';

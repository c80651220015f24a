// The sensors feature's worker-side face (next to index.ts): the preparation handlers the app's pool worker
// hosts. Pure decoding only: no React, no three.
import type { PrepHandlers } from '../../scene/prep';
import { cloudPrep } from './points/cloudPrep';

export const sensorsPrepHandlers: PrepHandlers = { cloud: cloudPrep };

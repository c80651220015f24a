// npx tsx src/sim/cli.ts --robots 3 --port 9090 [--host 127.0.0.1] [--rate-scale 1] [--stock 2,3] [--ros2 1,3] [--verbose]
// --stock: robots (1-based) that behave as stock robots (no operator control topic: consoles arbitrate).
// --ros2: 1-based numbers of the robots that answer like a ROS 2 rosbridge (nav2 /navigate_to_pose action).
import { startFleet } from './fleet';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const verbose = process.argv.includes('--verbose');

/** "1,3" -> [0, 2] (robot numbers as printed, atlas-1 is 1). */
function ros2Indices(list: string): number[] {
  return list
    .split(',')
    .map((s) => Number(s.trim()) - 1)
    .filter((i) => Number.isInteger(i) && i >= 0);
}
const fleet = await startFleet({
  robots: Number(arg('robots', '3')),
  basePort: Number(arg('port', '9090')),
  host: arg('host', '127.0.0.1'),
  rateScale: Number(arg('rate-scale', '1')),
  log: verbose ? (line) => console.log(line) : undefined,
  stockRobots: arg('stock', '')
    .split(',')
    .filter((v) => v.trim() !== '')
    .map((v) => Number(v) - 1),
  ros2: ros2Indices(arg('ros2', process.env.OPERATOR_CONSOLE_SIM_ROS2 ?? '')),
});
for (const r of fleet.robots) console.log(`${r.name} ${r.url}${r.stock ? ' (stock: consoles arbitrate control)' : ''}`);

const shutdown = (): void => {
  void fleet.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

import { CameraPanel } from '../features/sensors';
import { useFleetStore } from '../fleet';
import { useTakeoverStore } from '../features/control';

/** While a person drives a robot, its camera is shown large over the 3D view (what the robot sees, beside where it is). */
export function TeleopCameraView() {
  const robotId = useTakeoverStore((s) => Object.keys(s.mode).find((id) => s.mode[id] === 'teleop'));
  const known = useFleetStore((s) => (robotId ? s.robots.some((r) => r.id === robotId) : false));
  if (!robotId || !known) return null;
  return (
    <div className="teleop-camera" data-testid="teleop-camera">
      <CameraPanel robotId={robotId} large />
    </div>
  );
}

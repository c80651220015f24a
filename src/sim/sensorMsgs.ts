// What the simulated sensors read and write: the robot's pose, the site's occupancy grid, ROS 1 headers.

export interface SimPose {
  x: number;
  y: number;
  /** Heading in the map frame, radians. */
  yaw: number;
}

/** nav_msgs/OccupancyGrid, the fields read here. */
export interface SimGrid {
  info: {
    resolution: number;
    width: number;
    height: number;
    origin: { position: { x: number; y: number; z?: number }; orientation?: { x: number; y: number; z: number; w: number } };
  };
  data: ArrayLike<number>;
}

export interface SimStamp {
  secs: number;
  nsecs: number;
}

export interface SimHeader {
  seq: number;
  stamp: SimStamp;
  frame_id: string;
}

export function stampOf(timeMs: number): SimStamp {
  const secs = Math.floor(timeMs / 1000);
  return { secs, nsecs: Math.round((timeMs - secs * 1000) * 1e6) };
}

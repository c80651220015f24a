import { beforeEach, describe, expect, it, vi } from 'vitest';
import { derivePlaces, placesFor, searchPlaces, syncPlaces, usePlacesStore } from '../../../src/features/map/placesStore';
import { MarkerStore } from '../../../src/scene/markerStore';
import type { Marker } from '../../../src/scene/rosMsgs';
import { marker } from '../../support/rosMessages';

const at = (x: number, y: number, z = 0, yaw = 0): Marker['pose'] => ({
  position: { x, y, z },
  orientation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
});

function site(store: MarkerStore, robot: string) {
  store.applyArray(
    robot,
    {
      markers: [
        marker({ id: 1, ns: 'places', type: 1, pose: at(2, 3, 0, 0.5) }),
        marker({ id: 2, ns: 'places', type: 3, pose: at(8, 1) }),
        marker({ id: 3, ns: 'places', type: 1, pose: at(-4, 6), text: 'Charging dock' }),
        marker({ id: 101, ns: 'labels', type: 9, pose: at(2, 3, 1.2), text: 'Workstation 1' }),
        marker({ id: 2, ns: 'labels', type: 9, pose: at(30, 30, 1.2), text: 'Shelf A' }),
        marker({
          id: 5,
          ns: 'hazards',
          type: 4,
          pose: at(0, 0),
          text: 'Hazard zone',
          points: [
            { x: 0, y: 0, z: 0 },
            { x: 2, y: 0, z: 0 },
            { x: 2, y: 2, z: 0 },
            { x: 0, y: 2, z: 0 },
          ],
        }),
        marker({
          id: 6,
          ns: 'paths',
          type: 4,
          pose: at(0, 0),
          points: [
            { x: 0, y: 0, z: 0 },
            { x: 1, y: 0, z: 0 },
          ],
        }),
      ],
    },
    0,
  );
}

describe('places', () => {
  beforeEach(() => usePlacesStore.setState({ places: [] }));

  it('names places from their text, a label at the same position, or a label with the same id', () => {
    const s = new MarkerStore();
    site(s, 'r1');
    const places = derivePlaces(s.all());
    const byName = Object.fromEntries(places.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['Charging dock', 'Hazard zone', 'Shelf A', 'Workstation 1']);
    expect(byName['Workstation 1']).toMatchObject({
      key: 'r1/places/1',
      ns: 'places',
      id: 1,
      robotId: 'r1',
      frame: 'map',
      x: 2,
      y: 3,
      type: 'CUBE',
    });
    expect(byName['Workstation 1'].yaw).toBeCloseTo(0.5);
    expect(byName['Shelf A'].type).toBe('CYLINDER');
    // Outline places sit at the centre of their points.
    expect(byName['Hazard zone'].x).toBeCloseTo(1);
    expect(byName['Hazard zone'].y).toBeCloseTo(1);
  });

  it('shows one place when several robots publish the same site map', () => {
    const s = new MarkerStore();
    site(s, 'r1');
    site(s, 'r2');
    site(s, 'r3');
    const places = derivePlaces(s.all());
    expect(places.length).toBe(4);
    expect(places.every((p) => p.robotId === 'r1')).toBe(true);
    expect(places.every((p) => p.robotIds.join() === 'r1,r2,r3')).toBe(true);
    expect(placesFor(places, 'r3')).toHaveLength(4);
  });

  it('offers a robot only the places it (or a site map it shares) published', () => {
    const s = new MarkerStore();
    site(s, 'r1');
    s.applyArray('r2', { markers: [marker({ id: 9, ns: 'own', type: 1, pose: at(40, 40), text: 'Bay 9' })] }, 0);
    const places = derivePlaces(s.all());
    expect(placesFor(places, 'r1').map((p) => p.name)).not.toContain('Bay 9');
    expect(placesFor(places, 'r2').map((p) => p.name)).toEqual(['Bay 9']);
    expect(placesFor(places, 'r3')).toEqual([]);
  });

  it('sets the store only when places or their pose change', () => {
    const spy = vi.spyOn(usePlacesStore, 'setState');
    const s = new MarkerStore();
    site(s, 'r1');
    expect(syncPlaces(s.all())).toBe(true);
    for (let i = 0; i < 100; i++) {
      site(s, 'r1'); // same content re-published
      expect(syncPlaces(s.all())).toBe(false);
    }
    s.apply('r1', marker({ id: 3, ns: 'places', type: 1, pose: at(-4, 6.5), text: 'Charging dock' }), 0);
    expect(syncPlaces(s.all())).toBe(true);
    s.apply('r1', marker({ id: 3, ns: 'places', action: 2 }), 0);
    expect(syncPlaces(s.all())).toBe(true);
    expect(spy).toHaveBeenCalledTimes(3);
    expect(usePlacesStore.getState().places.map((p) => p.name)).not.toContain('Charging dock');
    spy.mockRestore();
  });

  it('searches by name, word prefixes first', () => {
    const s = new MarkerStore();
    site(s, 'r1');
    const places = derivePlaces(s.all());
    expect(searchPlaces(places, 'dock')[0].name).toBe('Charging dock');
    expect(searchPlaces(places, 'WORK')[0].name).toBe('Workstation 1');
    expect(searchPlaces(places, 'hazards')[0].name).toBe('Hazard zone');
    expect(searchPlaces(places, '  ')).toEqual([]);
    expect(searchPlaces(places, 'zzz')).toEqual([]);
  });
});

// The map: semantic places (derived from the robots' /semantic_map markers), their search and inspector in the
// 3D view. Register mapSceneExtension with the scene; other features read places from usePlacesStore.
export { mapSceneExtension } from './mapExtension';
export { usePlacesStore, searchPlaces, derivePlaces, placesFor, type Place, type PlaceCell } from './placesStore';

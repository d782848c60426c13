// The map's projection: lat/lon to SVG user units over the county's
// bounding box (equirectangular, scaled by cos(latitude)). Shared by the map
// and the layers drawn on it.
import { BOUNDS } from '../boundaries';

export type Pt = [number, number];

/** Width of the map in SVG units. */
export const W = 640;
const COS = Math.cos((53.15 * Math.PI) / 180);
const PAD = 0.04;
const LON0 = BOUNDS[0] - PAD;
const LAT1 = BOUNDS[3] + PAD;
const K = W / ((BOUNDS[2] + PAD - LON0) * COS);
/** Height of the map in SVG units. */
export const H = Math.round((LAT1 - (BOUNDS[1] - PAD)) * K);
/** A point on the map. */
export const xy = (lat: number, lon: number): Pt => [(lon - LON0) * COS * K, (LAT1 - lat) * K];

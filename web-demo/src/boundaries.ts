// Real district boundaries (ONS generalised clipped, via UK-GeoJSON; see
// data/README.md): which district a point is in, where a label goes, and
// whether an imported place is plausibly in England and near the districts.
import data from './data/nottinghamshire-districts.json';

export const ATTRIBUTION = 'Contains OS data © Crown copyright and database right 2014; contains ONS data. Boundaries: UK-GeoJSON by Martin Chorley, CC BY 4.0.';

/** [lon, lat] rings; the first of each polygon is the outer ring. */
type Ring = [number, number][];

export interface Boundary {
  /** The name carematch uses (the sample says "Newark & Sherwood", "Nottingham City"). */
  name: string;
  code: string;
  polygons: Ring[][];
}

const NAMES: Record<string, string> = { 'Newark and Sherwood': 'Newark & Sherwood', Nottingham: 'Nottingham City' };

interface Feature {
  properties: { code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export const BOUNDARIES: Boundary[] = (data as unknown as { features: Feature[] }).features.map((f) => ({
  name: NAMES[f.properties.name] ?? f.properties.name,
  code: f.properties.code,
  polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
}));

/** lon/lat bounds of all districts: [minLon, minLat, maxLon, maxLat]. */
export const BOUNDS: [number, number, number, number] = (() => {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const d of BOUNDARIES) for (const poly of d.polygons) for (const [x, y] of poly[0]) {
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  }
  return b;
})();

function inRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The district a point falls in, or undefined outside every district. */
export function districtAt(lat: number, lon: number): Boundary | undefined {
  return BOUNDARIES.find((d) => d.polygons.some((poly) => inRing(poly[0], lon, lat) && !poly.slice(1).some((hole) => inRing(hole, lon, lat))));
}

/** Area-weighted centroid of a district's largest polygon, [lon, lat]. */
export function labelPoint(d: Boundary): [number, number] {
  let best: [number, number] = [0, 0];
  let bestArea = -1;
  for (const poly of d.polygons) {
    const ring = poly[0];
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      a += f;
      cx += (ring[j][0] + ring[i][0]) * f;
      cy += (ring[j][1] + ring[i][1]) * f;
    }
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = [cx / (3 * a), cy / (3 * a)];
    }
  }
  return best;
}

/** England, roughly (mainland and islands): lat 49.8–55.9, lon −6.5–1.8. */
const inEngland = (lat: number, lon: number) => lat >= 49.8 && lat <= 55.9 && lon >= -6.5 && lon <= 1.8;

/** How far (km) a point is outside the districts' bounding box; 0 inside it. */
function kmOutside(lat: number, lon: number): number {
  const dLat = Math.max(0, BOUNDS[1] - lat, lat - BOUNDS[3]);
  const dLon = Math.max(0, BOUNDS[0] - lon, lon - BOUNDS[2]);
  return Math.hypot(dLat * 111, dLon * 111 * Math.cos((lat * Math.PI) / 180));
}

/** Words for why an imported point is implausible, or '' when it is fine. */
export function placeProblem(lat: number, lon: number, nearKm = 30): string {
  if (!inEngland(lat, lon)) return 'is not in England';
  const km = kmOutside(lat, lon);
  if (km > nearKm) return `is ${Math.round(km)} km outside the districts on the map (more than ${nearKm} km)`;
  return '';
}

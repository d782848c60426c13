// Nottinghamshire geography for the map, drawn without any tile server.
// District areas are approximated by the Voronoi cells of the district
// centres (from the council documents, see docs) clipped to a hand-traced,
// approximate county outline: enough to see where people, carers and rounds
// are, never to be mistaken for boundaries.

export interface District {
  name: string;
  short: string;
  lat: number;
  lon: number;
}

export const DISTRICTS: District[] = [
  { name: 'Ashfield', short: 'ASH', lat: 53.1, lon: -1.25 },
  { name: 'Bassetlaw', short: 'BAS', lat: 53.3, lon: -1.0 },
  { name: 'Broxtowe', short: 'BRX', lat: 52.93, lon: -1.22 },
  { name: 'Gedling', short: 'GED', lat: 53.0, lon: -1.1 },
  { name: 'Mansfield', short: 'MAN', lat: 53.14, lon: -1.2 },
  { name: 'Newark & Sherwood', short: 'NEW', lat: 53.08, lon: -0.85 },
  { name: 'Rushcliffe', short: 'RUS', lat: 52.92, lon: -1.1 },
  { name: 'Nottingham City', short: 'NOT', lat: 52.95, lon: -1.15 },
];

/** Approximate county outline, [lat, lon], clockwise from the north tip. */
const OUTLINE: [number, number][] = [
  [53.5, -0.98], [53.45, -0.8], [53.33, -0.74], [53.2, -0.68], [53.08, -0.66], [52.98, -0.72],
  [52.9, -0.8], [52.83, -0.9], [52.79, -1.05], [52.8, -1.2], [52.85, -1.29], [52.92, -1.33],
  [53.0, -1.35], [53.1, -1.35], [53.18, -1.31], [53.26, -1.23], [53.34, -1.18], [53.42, -1.12], [53.48, -1.05],
];

export type Pt = [number, number];

/** An equirectangular projection of the county into a `width`-wide SVG box. */
export class Projection {
  readonly width: number;
  readonly height: number;
  private readonly k: number;
  private readonly lat0 = 53.54;
  private readonly lon0 = -1.42;
  private readonly cos: number;
  constructor(width: number) {
    this.cos = Math.cos((53.15 * Math.PI) / 180);
    const spanX = (-0.46 - this.lon0) * this.cos;
    const spanY = this.lat0 - 52.76;
    this.k = width / spanX;
    this.width = width;
    this.height = Math.round(spanY * this.k);
  }
  xy(lat: number, lon: number): Pt {
    return [(lon - this.lon0) * this.cos * this.k, (this.lat0 - lat) * this.k];
  }
}

export function outline(p: Projection): Pt[] {
  return OUTLINE.map(([lat, lon]) => p.xy(lat, lon));
}

/** Clips a convex-or-not polygon to the half-plane a·x + b·y ≤ c (Sutherland–Hodgman). */
function clip(poly: Pt[], a: number, b: number, c: number): Pt[] {
  const out: Pt[] = [];
  const inside = (q: Pt) => a * q[0] + b * q[1] <= c;
  for (let i = 0; i < poly.length; i++) {
    const cur = poly[i];
    const prev = poly[(i + poly.length - 1) % poly.length];
    const ci = inside(cur);
    const pi = inside(prev);
    if (ci !== pi) {
      const dp = a * prev[0] + b * prev[1];
      const dc = a * cur[0] + b * cur[1];
      const t = (c - dp) / (dc - dp);
      out.push([prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])]);
    }
    if (ci) out.push(cur);
  }
  return out;
}

/** Approximate district areas: Voronoi cells of the centres inside the outline. */
export function districtAreas(p: Projection): { district: District; poly: Pt[] }[] {
  const sites = DISTRICTS.map((d) => p.xy(d.lat, d.lon));
  return DISTRICTS.map((district, i) => {
    let poly = outline(p);
    const [xi, yi] = sites[i];
    sites.forEach(([xj, yj], j) => {
      if (j === i) return;
      poly = clip(poly, xj - xi, yj - yi, (xj * xj + yj * yj - xi * xi - yi * yi) / 2);
    });
    return { district, poly };
  });
}

/** The district whose centre is nearest (for records without a district). */
export function nearestDistrict(lat: number, lon: number): District {
  let best = DISTRICTS[0];
  let bestD = Infinity;
  for (const d of DISTRICTS) {
    const dd = (d.lat - lat) ** 2 + ((d.lon - lon) * 0.6) ** 2;
    if (dd < bestD) {
      bestD = dd;
      best = d;
    }
  }
  return best;
}

// A postcode lookup the user loads from a file they hold (ONS Postcode
// Directory CSV, Code-Point Open CSV, or a small `postcode,lat,lon`
// extract). It is parsed here and kept in this browser (IndexedDB); nothing
// is sent anywhere. Imported records may then give a postcode instead of
// latitude and longitude.
import { detectSeparator, parseCsv } from './csv';
import { loadKey, saveKey } from './store';

export type Lookup = Map<string, [number, number]>;

/** "ng1 5fs" → "NG15FS" (spaces and case do not matter). */
export const normalise = (pc: string) => pc.toUpperCase().replace(/[^A-Z0-9]/g, '');

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;

/**
 * OSGB36 National Grid easting/northing (metres) to WGS84 latitude/longitude:
 * inverse transverse Mercator on the Airy 1830 ellipsoid, then a Helmert
 * transform (accurate to a few metres, ample for matching and travel).
 */
export function gridToLatLon(E: number, N: number): [number, number] {
  const a = 6377563.396;
  const b = 6356256.909;
  const F0 = 0.9996012717;
  const lat0 = (49 * Math.PI) / 180;
  const lon0 = (-2 * Math.PI) / 180;
  const N0 = -100000;
  const E0 = 400000;
  const e2 = 1 - (b * b) / (a * a);
  const n = (a - b) / (a + b);
  let lat = lat0;
  let M = 0;
  do {
    lat = (N - N0 - M) / (a * F0) + lat;
    const dl = lat - lat0;
    const sl = lat + lat0;
    M = b * F0 * ((1 + n + (5 / 4) * n * n + (5 / 4) * n ** 3) * dl - (3 * n + 3 * n * n + (21 / 8) * n ** 3) * Math.sin(dl) * Math.cos(sl) + ((15 / 8) * n * n + (15 / 8) * n ** 3) * Math.sin(2 * dl) * Math.cos(2 * sl) - (35 / 24) * n ** 3 * Math.sin(3 * dl) * Math.cos(3 * sl));
  } while (Math.abs(N - N0 - M) >= 0.00001);
  const sin = Math.sin(lat);
  const cos = Math.cos(lat);
  const nu = (a * F0) / Math.sqrt(1 - e2 * sin * sin);
  const rho = (a * F0 * (1 - e2)) / (1 - e2 * sin * sin) ** 1.5;
  const eta2 = nu / rho - 1;
  const tan = Math.tan(lat);
  const t2 = tan * tan;
  const t4 = t2 * t2;
  const sec = 1 / cos;
  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu ** 3)) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2);
  const IX = (tan / (720 * rho * nu ** 5)) * (61 + 90 * t2 + 45 * t4);
  const X = sec / nu;
  const XI = (sec / (6 * nu ** 3)) * (nu / rho + 2 * t2);
  const XII = (sec / (120 * nu ** 5)) * (5 + 28 * t2 + 24 * t4);
  const XIIA = (sec / (5040 * nu ** 7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t4 * t2);
  const dE = E - E0;
  const phi = lat - VII * dE ** 2 + VIII * dE ** 4 - IX * dE ** 6;
  const lam = lon0 + X * dE - XI * dE ** 3 + XII * dE ** 5 - XIIA * dE ** 7;
  // OSGB36 → WGS84 (Helmert), via cartesian coordinates.
  const H = 0;
  const sp = Math.sin(phi);
  const cp = Math.cos(phi);
  const v = a / Math.sqrt(1 - e2 * sp * sp);
  const x1 = (v + H) * cp * Math.cos(lam);
  const y1 = (v + H) * cp * Math.sin(lam);
  const z1 = ((1 - e2) * v + H) * sp;
  const tx = 446.448;
  const ty = -125.157;
  const tz = 542.06;
  const s = 20.4894e-6;
  const rx = ((0.1502 / 3600) * Math.PI) / 180;
  const ry = ((0.247 / 3600) * Math.PI) / 180;
  const rz = ((0.8421 / 3600) * Math.PI) / 180;
  const x2 = tx + (1 + s) * x1 - rz * y1 + ry * z1;
  const y2 = ty + rz * x1 + (1 + s) * y1 - rx * z1;
  const z2 = tz - ry * x1 + rx * y1 + (1 + s) * z1;
  const a2 = 6378137;
  const b2 = 6356752.3142;
  const e22 = 1 - (b2 * b2) / (a2 * a2);
  const p = Math.sqrt(x2 * x2 + y2 * y2);
  let la = Math.atan2(z2, p * (1 - e22));
  for (let i = 0; i < 10; i++) {
    const vv = a2 / Math.sqrt(1 - e22 * Math.sin(la) ** 2);
    la = Math.atan2(z2 + e22 * vv * Math.sin(la), p);
  }
  return [(la * 180) / Math.PI, (Math.atan2(y2, x2) * 180) / Math.PI];
}

export interface LookupParse {
  lookup: Lookup;
  format: string;
  skipped: number;
  error?: string;
}

/** Reads a lookup file: ONSPD (pcds/pcd + lat + long), Code-Point Open (no header; postcode, quality, eastings, northings) or postcode,lat,lon. */
export function parseLookup(text: string): LookupParse {
  const rows = parseCsv(text, detectSeparator(text));
  const lookup: Lookup = new Map();
  if (rows.length === 0) return { lookup, format: '', skipped: 0, error: 'the file is empty' };
  const head = rows[0].cells.map((x) => x.trim().toLowerCase());
  let skipped = 0;
  const pcCol = ['pcds', 'pcd', 'pcd2', 'postcode'].map((n) => head.indexOf(n)).find((i) => i >= 0) ?? -1;
  const latCol = ['lat', 'latitude'].map((n) => head.indexOf(n)).find((i) => i >= 0) ?? -1;
  const lonCol = ['long', 'lon', 'lng', 'longitude'].map((n) => head.indexOf(n)).find((i) => i >= 0) ?? -1;
  if (pcCol >= 0 && latCol >= 0 && lonCol >= 0) {
    for (const r of rows.slice(1)) {
      const pc = normalise(r.cells[pcCol] ?? '');
      const lat = Number(r.cells[latCol]);
      const lon = Number(r.cells[lonCol]);
      // ONSPD marks postcodes without a grid reference with latitude 99.999999.
      if (!POSTCODE.test(pc) || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || r.cells[latCol].trim() === '') skipped++;
      else lookup.set(pc, [lat, lon]);
    }
    return { lookup, format: head.includes('pcds') || head.includes('pcd') ? 'ONS Postcode Directory' : 'postcode, latitude, longitude', skipped };
  }
  // Code-Point Open: no header row; postcode, quality, eastings, northings, …
  const looksCodePoint = (cells: string[]) => POSTCODE.test(normalise(cells[0] ?? '')) && /^\d+$/.test((cells[2] ?? '').trim()) && /^\d+$/.test((cells[3] ?? '').trim());
  if (looksCodePoint(rows[0].cells) || (head.includes('eastings') && head.includes('northings'))) {
    const eCol = head.includes('eastings') ? head.indexOf('eastings') : 2;
    const nCol = head.includes('northings') ? head.indexOf('northings') : 3;
    const pCol = head.includes('postcode') ? head.indexOf('postcode') : 0;
    for (const r of looksCodePoint(rows[0].cells) ? rows : rows.slice(1)) {
      const pc = normalise(r.cells[pCol] ?? '');
      const e = Number(r.cells[eCol]);
      const n = Number(r.cells[nCol]);
      if (!POSTCODE.test(pc) || !(e > 0) || !(n > 0)) skipped++;
      else lookup.set(pc, gridToLatLon(e, n).map((x) => Math.round(x * 1e6) / 1e6) as [number, number]);
    }
    return { lookup, format: 'Code-Point Open', skipped };
  }
  return { lookup, format: '', skipped: rows.length, error: `cannot tell the format from the first row (${head.slice(0, 6).join(', ')})` };
}

let current: Lookup | undefined;

export const lookupSize = () => current?.size ?? 0;

/** The loaded lookup (passed to the worker that reads imported files), or undefined when none is loaded. */
export function loadedLookup(): Lookup | undefined {
  return current && current.size ? current : undefined;
}

export async function setLookup(l: Lookup) {
  current = l;
  await saveKey('postcodes', [...l.entries()]);
}

export async function restoreLookup() {
  const saved = await loadKey<[string, [number, number]][]>('postcodes').catch(() => undefined);
  if (saved?.length) current = new Map(saved);
}

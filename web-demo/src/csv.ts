// CSV import and export for the web tool.
//
// Each record type (people, households, schemes, visits, workers) has a
// column list; a downloadable template shows it. Import turns rows into the
// JSON records the core reads, checking every cell's type on the way so each
// problem names its file, row and column; the core's validation then checks
// the whole scenario, and its issue paths (`people[3].home.lat`) are mapped
// back to rows and columns here.
//
// The parser is written here rather than taken from a library because the
// import needs the row number of every record (quoted cells may span lines)
// for its messages, and RFC 4180 parsing is a few dozen lines.

import type { IssueDto } from './protocol';

export type Kind = 'people' | 'households' | 'schemes' | 'visits' | 'workers' | 'residents' | 'places';

type CellType = 'string' | 'int' | 'number' | 'bool' | 'list' | 'pounds' | 'time' | 'date' | 'ranges' | 'sessions' | 'bookings';

interface Col {
  name: string;
  /** Dotted path in the JSON record. */
  path: string;
  type: CellType;
  required?: boolean;
  /** Allowed values (for enums; for lists, of each item). */
  values?: readonly string[];
  example: string;
  help: string;
}

const NEEDS = ['learning_disability', 'autism', 'mental_health', 'physical_disability', 'older_adult', 'dementia', 'sensory_impairment', 'acquired_brain_injury'] as const;
const GENDERS = ['female', 'male', 'other'] as const;
const SETTINGS = ['family_home', 'residential_care', 'supported_living', 'hospital', 'own_home'] as const;
const ARRANGEMENTS = ['long_term', 'short_break', 'day_support'] as const;
const LEVELS = ['low', 'moderate', 'high'] as const;
const MODES = ['car', 'walk', 'public_transport'] as const;
const OPTION_KINDS = ['shared_lives', 'supported_living'] as const;
const SUPPORT_MODELS = ['twenty_four_hour_shared', 'core_hours', 'floating'] as const;
const PRIORITIES = ['must_do', 'can_move'] as const;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const NIGHT = ['sleep_in', 'waking_night'] as const;
const PLACE_KINDS = ['family', 'day_service', 'work', 'college', 'other'] as const;

const c = (name: string, path: string, type: CellType, example: string, help: string, extra: Partial<Col> = {}): Col => ({ name, path, type, example, help, ...extra });

export const COLUMNS: Record<Kind, Col[]> = {
  people: [
    c('id', 'id', 'string', 'P001', 'unique person id', { required: true }),
    c('name', 'name', 'string', 'Miss A', 'name or initials (optional)'),
    c('age', 'age', 'int', '34', 'age in years', { required: true }),
    c('gender', 'gender', 'string', 'female', 'female, male or other', { values: GENDERS }),
    c('needs', 'needs', 'list', 'learning_disability;autism', 'needs, separated by ;', { required: true, values: NEEDS }),
    c('support_level', 'support_level', 'string', 'moderate', 'low, moderate or high', { values: LEVELS }),
    c('support_hours_per_week', 'support_hours_per_week', 'int', '10', '1:1 hours a week'),
    c('home_lat', 'home.lat', 'number', '53.30', 'home latitude (or give a postcode)', { required: true }),
    c('home_lon', 'home.lon', 'number', '-1.00', 'home longitude (or give a postcode)', { required: true }),
    c('postcode', '', 'string', '', 'home postcode, instead of latitude and longitude (load a postcode lookup first)'),
    c('district', 'district', 'string', 'Bassetlaw', 'district name'),
    c('pcn', 'pcn', 'string', '', 'primary care network or neighbourhood (optional; up to 80 characters)'),
    c('travel_mode', 'travel_mode', 'string', 'public_transport', 'car, walk or public_transport', { values: MODES }),
    c('arrangement', 'arrangement', 'string', 'long_term', 'long_term, short_break or day_support', { values: ARRANGEMENTS }),
    c('needed_by', 'needed_by', 'date', '2026-12-01', 'date needed by (YYYY-MM-DD)'),
    c('break_start', 'dates.start', 'date', '', 'first day of a short break (YYYY-MM-DD; short breaks only)'),
    c('break_end', 'dates.end', 'date', '', 'last day of a short break (YYYY-MM-DD; short breaks only)'),
    c('sessions', 'sessions', 'sessions', '', 'day-support sessions a week as day:hours, separated by ; (e.g. monday:4;thursday:8; day support only)'),
    c('night_support', 'night_support', 'string', '', 'sleep_in or waking_night, if needed', { values: NIGHT }),
    c('ready_for_own_tenancy', 'ready_for_own_tenancy', 'bool', '', 'ready to move on to their own tenancy'),
    c('holds_household', 'holds.household', 'string', '', 'the Shared Lives household whose place they hold now and could leave (move-on; not listed among its occupants)'),
    c('holds_scheme', 'holds.scheme', 'string', '', 'the supported-living scheme whose room they hold now and could leave (move-on; not listed among its tenants)'),
    c('holds_accessible', 'holds.accessible', 'bool', '', 'the room they hold is wheelchair accessible (schemes)'),
    c('holds_ground_floor', 'holds.ground_floor', 'bool', '', 'the room they hold is on the ground floor (schemes)'),
    c('holds_en_suite', 'holds.en_suite', 'bool', '', 'the room they hold has an en-suite (schemes)'),
    c('current_setting', 'current_setting', 'string', 'family_home', SETTINGS.join(', '), { values: SETTINGS }),
    c('current_weekly_cost', 'current_weekly_cost', 'pounds', '1250', 'current weekly cost in £'),
    c('counterfactual_setting', 'counterfactual_setting', 'string', 'residential_care', 'where they would go otherwise', { values: SETTINGS }),
    c('smokes', 'smokes', 'bool', 'no', 'yes or no'),
    c('pref_carer_gender', 'preferences.carer_gender', 'string', '', 'preferred carer gender', { values: GENDERS }),
    c('pref_pets_ok', 'preferences.pets_ok', 'bool', 'yes', 'happy to live with pets'),
    c('pref_smoking_ok', 'preferences.smoking_ok', 'bool', 'no', 'happy to live with smokers'),
    c('pref_children_ok', 'preferences.children_ok', 'bool', 'yes', 'happy to live with children'),
    c('needs_wheelchair_access', 'preferences.wheelchair_access', 'bool', 'no', 'needs wheelchair access'),
    c('needs_ground_floor', 'preferences.ground_floor', 'bool', 'no', 'needs a ground-floor bedroom'),
    c('wants_en_suite', 'preferences.en_suite', 'bool', 'no', 'needs an en-suite'),
    c('interests', 'preferences.interests', 'list', 'gardening;music', 'interests, separated by ;'),
    c('languages', 'preferences.languages', 'list', 'english', 'languages, separated by ;'),
    c('faith', 'preferences.faith', 'string', '', 'faith or culture'),
    c('must_not_live_with', 'preferences.must_not_live_with', 'list', '', 'person ids, separated by ;'),
    c('prefers', 'preferences.prefers', 'string', 'shared_lives', 'shared_lives or supported_living', { values: OPTION_KINDS }),
  ],
  households: [
    c('id', 'id', 'string', 'H001', 'unique household id', { required: true }),
    c('name', 'name', 'string', 'The Smiths', 'household name'),
    c('lat', 'location.lat', 'number', '53.31', 'latitude (or give a postcode)', { required: true }),
    c('lon', 'location.lon', 'number', '-0.98', 'longitude (or give a postcode)', { required: true }),
    c('postcode', '', 'string', '', 'postcode, instead of latitude and longitude'),
    c('district', 'district', 'string', 'Bassetlaw', 'district name'),
    c('pcn', 'pcn', 'string', '', 'primary care network or neighbourhood (optional; up to 80 characters)'),
    c('approvals', 'approvals', 'list', 'learning_disability;older_adult', 'needs approved for, separated by ;', { required: true, values: NEEDS }),
    c('places', 'places', 'int', '2', 'approved places (1-3)', { required: true }),
    c('offers', 'offers', 'list', 'long_term;short_break', 'arrangements offered', { values: ARRANGEMENTS }),
    c('pets', 'pets', 'bool', 'yes', 'pets in the household'),
    c('smokers', 'smokers', 'bool', 'no', 'smokers in the household'),
    c('children', 'children', 'bool', 'no', 'children in the household'),
    c('accessible_rooms', 'accessible_rooms', 'int', '0', 'wheelchair-accessible rooms'),
    c('ground_floor_bedroom', 'ground_floor_bedroom', 'bool', 'no', 'ground-floor bedroom'),
    c('en_suite', 'en_suite', 'bool', 'no', 'en-suite room'),
    c('carer_genders', 'carer_genders', 'list', 'female', 'carer genders, separated by ;', { values: GENDERS }),
    c('interests', 'interests', 'list', 'gardening', 'interests, separated by ;'),
    c('languages', 'languages', 'list', 'english', 'languages, separated by ;'),
    c('faith', 'faith', 'string', '', 'faith or culture'),
    c('experience_years', 'experience_years', 'int', '4', 'years as Shared Lives carers'),
    c('available_from', 'available_from', 'date', '', 'available from (YYYY-MM-DD)'),
    c('day_support_places', 'day_support_places', 'int', '', 'people the household can take for day support at once'),
    c('day_support_days', 'day_support_days', 'list', '', 'weekdays the household offers day support, separated by ;', { values: WEEKDAYS }),
    c('unavailable', 'unavailable', 'ranges', '', 'dates the household cannot take short breaks, as YYYY-MM-DD/YYYY-MM-DD, separated by ;'),
    c('bookings', 'bookings', 'bookings', '', 'stays already booked, as person@YYYY-MM-DD/YYYY-MM-DD (first and last night), separated by ;'),
    c('accepts_min_age', 'accepts.min_age', 'int', '18', 'youngest age accepted'),
    c('accepts_max_age', 'accepts.max_age', 'int', '', 'oldest age accepted'),
    c('accepts_max_support_level', 'accepts.max_support_level', 'string', 'high', 'highest support level accepted', { values: LEVELS }),
    c('accepts_smokers', 'accepts.smokers', 'bool', '', 'accepts people who smoke'),
    c('weekly_cost', 'weekly_cost', 'pounds', '', 'weekly cost in £ (default: scheme rate)'),
  ],
  schemes: [
    c('id', 'id', 'string', 'S001', 'unique scheme id', { required: true }),
    c('name', 'name', 'string', 'Retford Court', 'scheme name'),
    c('lat', 'location.lat', 'number', '53.32', 'latitude (or give a postcode)', { required: true }),
    c('lon', 'location.lon', 'number', '-0.94', 'longitude (or give a postcode)', { required: true }),
    c('postcode', '', 'string', '', 'postcode, instead of latitude and longitude'),
    c('district', 'district', 'string', 'Bassetlaw', 'district name'),
    c('pcn', 'pcn', 'string', '', 'primary care network or neighbourhood (optional; up to 80 characters)'),
    c('needs_supported', 'needs_supported', 'list', 'learning_disability;autism', 'needs supported, separated by ;', { required: true, values: NEEDS }),
    c('support_model', 'support_model', 'string', 'core_hours', SUPPORT_MODELS.join(', '), { values: SUPPORT_MODELS }),
    c('support_hours_available', 'support_hours_available', 'int', '20', 'spare support hours a week'),
    c('night_cover', 'night_cover', 'string', '', 'sleep_in or waking_night, if staffed at night', { values: NIGHT }),
    c('single_gender', 'single_gender', 'string', '', 'female or male, if the house is for one gender only', { values: GENDERS }),
    c('min_age', 'min_age', 'int', '18', 'youngest tenant age'),
    c('max_age', 'max_age', 'int', '65', 'oldest tenant age'),
    c('weekly_cost', 'weekly_cost', 'pounds', '1450', 'weekly cost per tenant in £', { required: true }),
    c('vacancies', 'vacancies', 'int', '2', 'number of vacant rooms (ids are SCHEME-V1, -V2, …)', { required: true }),
    c('vacancies_accessible', '', 'bool', 'no', 'the vacant rooms are wheelchair-accessible'),
    c('vacancies_ground_floor', '', 'bool', 'yes', 'the vacant rooms are on the ground floor'),
    c('vacancies_en_suite', '', 'bool', 'no', 'the vacant rooms have an en-suite'),
  ],
  visits: [
    c('id', 'id', 'string', 'V001', 'unique visit id', { required: true }),
    c('client', 'client', 'string', 'C001', 'client id', { required: true }),
    c('lat', 'location.lat', 'number', '53.14', 'latitude (or give a postcode)', { required: true }),
    c('lon', 'location.lon', 'number', '-1.20', 'longitude (or give a postcode)', { required: true }),
    c('postcode', '', 'string', '', 'postcode, instead of latitude and longitude'),
    c('earliest', 'windows.0.earliest', 'time', '07:30', 'earliest start (HH:MM)', { required: true }),
    c('latest', 'windows.0.latest', 'time', '08:30', 'latest start (HH:MM)', { required: true }),
    c('duration', 'duration', 'int', '30', 'minutes', { required: true }),
    c('skills', 'skills', 'list', 'medication', 'skills needed, separated by ;'),
    c('carers', 'carers', 'int', '1', '1, or 2 for a double-handed call'),
    c('preferred_workers', 'preferred_workers', 'list', '', 'worker ids the client knows'),
    c('blocked_workers', 'blocked_workers', 'list', '', 'worker ids who must not visit'),
    c('gender', 'gender', 'string', '', 'carer gender the client accepts', { values: GENDERS }),
    c('priority', 'priority', 'string', 'must_do', 'must_do or can_move', { values: PRIORITIES }),
  ],
  workers: [
    c('id', 'id', 'string', 'W01', 'unique worker id', { required: true }),
    c('start_lat', 'start.lat', 'number', '53.14', 'start latitude (usually home; or give a postcode)', { required: true }),
    c('start_lon', 'start.lon', 'number', '-1.19', 'start longitude (or give a postcode)', { required: true }),
    c('postcode', '', 'string', '', 'start postcode, instead of latitude and longitude'),
    c('shift_start', 'shifts.0.start', 'time', '07:00', 'shift start (HH:MM)', { required: true }),
    c('shift_end', 'shifts.0.end', 'time', '14:00', 'shift end (HH:MM)', { required: true }),
    c('skills', 'skills', 'list', 'medication;hoist', 'skills, separated by ;'),
    c('gender', 'gender', 'string', 'female', 'female, male or other', { values: GENDERS }),
    c('travel_mode', 'travel_mode', 'string', 'car', 'car, walk or public_transport', { values: MODES }),
    c('max_working_minutes', 'max_working_minutes', 'int', '', 'most minutes of work in the day'),
    c('cost_per_hour', 'cost_per_hour', 'int', '1250', 'pay per hour in pence'),
  ],
  residents: [
    c('lives_at', '', 'string', 'H001', 'the household (occupant) or scheme (tenant) id they live at', { required: true }),
    c('id', 'id', 'string', 'R001', 'person id', { required: true }),
    c('age', 'age', 'int', '52', 'age in years'),
    c('gender', 'gender', 'string', 'male', 'female, male or other', { values: GENDERS }),
    c('needs', 'needs', 'list', 'learning_disability', 'needs, separated by ;', { values: NEEDS }),
    c('smokes', 'smokes', 'bool', 'no', 'yes or no'),
    c('not_with_needs', 'not_with_needs', 'list', '', 'needs of newcomers they cannot live with, separated by ;', { values: NEEDS }),
    c('must_not_live_with', 'must_not_live_with', 'list', '', 'person ids they must not live with, separated by ;'),
    c('interests', 'interests', 'list', 'music', 'interests, separated by ;'),
  ],
  places: [
    c('person', '', 'string', 'P001', 'the person (id in people.csv) who must still reach this place', { required: true }),
    c('kind', 'kind', 'string', 'family', PLACE_KINDS.join(', '), { required: true, values: PLACE_KINDS }),
    c('name', 'name', 'string', 'Mum', 'name of the place (optional)'),
    c('lat', 'location.lat', 'number', '53.32', 'latitude (or give a postcode)', { required: true }),
    c('lon', 'location.lon', 'number', '-0.94', 'longitude (or give a postcode)', { required: true }),
    c('postcode', '', 'string', '', 'postcode, instead of latitude and longitude'),
    c('max_travel_minutes', 'max_travel_minutes', 'int', '45', 'longest acceptable one-way journey, in minutes', { required: true }),
  ],
};

/** The coordinate columns of each kind that a postcode can stand in for. */
export const LATLON: Partial<Record<Kind, [string, string]>> = {
  people: ['home_lat', 'home_lon'],
  households: ['lat', 'lon'],
  schemes: ['lat', 'lon'],
  visits: ['lat', 'lon'],
  workers: ['start_lat', 'start_lon'],
  places: ['lat', 'lon'],
};

export const FILE_OF: Record<Kind, string> = {
  people: 'people.csv',
  households: 'households.csv',
  schemes: 'schemes.csv',
  visits: 'visits.csv',
  workers: 'workers.csv',
  residents: 'occupants-and-tenants.csv',
  places: 'important-places.csv',
};

/** A template with the header, one example row and a help row to delete. */
export function template(kind: Kind): string {
  const cols = COLUMNS[kind];
  return toCsv([cols.map((x) => x.name), cols.map((x) => x.example)]);
}

export function templateHelp(kind: Kind): { name: string; help: string; required: boolean }[] {
  return COLUMNS[kind].map((x) => ({ name: x.name, help: x.help, required: !!x.required }));
}

/**
 * The separator of a CSV file, from its first line: comma, semicolon or tab.
 * Only the start of the file is looked at, so a huge one-line file costs nothing here.
 */
export function detectSeparator(text: string): ',' | ';' | '\t' {
  const first = text.slice(0, 65536).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const count = (ch: string) => first.split(ch).length - 1;
  const [best] = ([',', ';', '\t'] as const).map((ch) => [ch, count(ch)] as const).sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ',';
}

/**
 * Parses RFC 4180 CSV with the given separator. Each row keeps the 1-based
 * line it starts on. Stops after `maxRows` rows, or at a row of more than
 * `maxCells` cells (which is returned as it is so far): the caller refuses
 * such a file without holding it all.
 */
export function parseCsv(text: string, sep = ',', maxRows = Infinity, maxCells = Infinity): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const t = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (quoted) {
      if (ch === '"') {
        if (t[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
      if (row.length > maxCells) {
        rows.push({ cells: row, line: rowLine });
        return rows;
      }
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && t[i + 1] === '\n') i++;
      row.push(cell);
      cell = '';
      if (row.some((x) => x.trim() !== '')) rows.push({ cells: row, line: rowLine });
      if (rows.length >= maxRows) return rows;
      row = [];
      line++;
      rowLine = line;
    } else cell += ch;
  }
  row.push(cell);
  if (row.some((x) => x.trim() !== '')) rows.push({ cells: row, line: rowLine });
  return rows;
}

export function toCsv(rows: (string | number)[][]): string {
  const q = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

/** Guesses the record type from the header. */
export function detectKind(header: string[]): Kind | undefined {
  const hs = new Set(header.map((x) => x.trim().toLowerCase()));
  if (hs.has('lives_at')) return 'residents';
  if (hs.has('max_travel_minutes')) return 'places';
  if (hs.has('home_lat') || (hs.has('age') && hs.has('needs'))) return 'people';
  if (hs.has('approvals')) return 'households';
  if (hs.has('needs_supported')) return 'schemes';
  if (hs.has('duration') && hs.has('client')) return 'visits';
  if (hs.has('shift_start')) return 'workers';
  return undefined;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let cur: Record<string, unknown> | unknown[] = obj;
  parts.forEach((p, i) => {
    const last = i === parts.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
    const key = /^\d+$/.test(p) ? Number(p) : p;
    const container = cur as Record<string | number, unknown>;
    if (last) container[key] = value;
    else {
      if (container[key] === undefined) container[key] = nextIsIndex ? [] : {};
      cur = container[key] as Record<string, unknown>;
    }
  });
}

export interface ImportedRows {
  kind: Kind;
  file: string;
  records: Record<string, unknown>[];
  /** The CSV line of each record, for messages. */
  lines: number[];
  issues: IssueDto[];
}

const issue = (file: string, line: number, column: string, code: string, message: string, hint: string): IssueDto => ({
  code,
  record: line > 0 ? `${file} row ${line}` : file,
  path: column,
  message,
  hint,
});

/** Most data rows in one CSV file (the engine plans at most 20,000 visits or people at once). */
export const MAX_CSV_ROWS = 50_000;
/** Most columns in one CSV file (the widest template has about 30). */
export const MAX_CSV_COLUMNS = 200;
/** Most problems listed for one file; past it, one line says how many more there are. */
export const MAX_CSV_ISSUES = 1_000;

/** A header (or any text) shortened for a message: at most `n` items of 40 characters. */
function shortList(items: string[], n = 12): string {
  const shown = items.slice(0, n).map((x) => (x.length > 40 ? `${x.slice(0, 40)}…` : x));
  return items.length > n ? `${shown.join(', ')}, … (${items.length} in all)` : shown.join(', ');
}

/** What an import may use besides the file: a postcode lookup and a check that a place is where the council works. */
export interface ImportContext {
  postcode?: (pc: string) => [number, number] | undefined;
  /** Words for why a point is not acceptable (outside England, far from the districts), or '' when it is. */
  placeProblem?: (lat: number, lon: number) => string;
}

/** Turns one CSV file into records of one kind, with every cell problem. */
export function importCsv(file: string, text: string, ctx: ImportContext = {}): ImportedRows | { issues: IssueDto[] } {
  const sep = detectSeparator(text);
  const rows = parseCsv(text, sep, MAX_CSV_ROWS + 2, MAX_CSV_COLUMNS);
  // With ";" between columns, lists use "|" instead.
  const listSep = sep === ';' ? /[|]/ : /;/;
  if (rows.length === 0) return { issues: [issue(file, 0, '', 'empty_file', 'the file is empty', 'download a template and fill it in')] };
  const header = rows[0].cells.map((x) => x.trim().toLowerCase());
  if (header.length > MAX_CSV_COLUMNS) {
    return {
      issues: [issue(file, 1, '', 'too_many_columns', `the header has more than ${MAX_CSV_COLUMNS} columns; at most ${MAX_CSV_COLUMNS} are read (starts: ${shortList(header, 5)})`, 'start from a template: each file has one header row and about 30 columns; check the file uses commas and line breaks')],
    };
  }
  if (rows.length - 1 > MAX_CSV_ROWS) {
    return {
      issues: [issue(file, 0, '', 'too_many_rows', `the file has more than ${MAX_CSV_ROWS} rows; at most ${MAX_CSV_ROWS} are imported at once`, 'split the file by district or team')],
    };
  }
  const kind = detectKind(header);
  if (!kind) {
    return {
      issues: [issue(file, 1, '', 'unknown_columns', `cannot tell what records these are from the header: ${shortList(header)}`, 'start from a template: people, households, schemes, visits or workers')],
    };
  }
  const cols = COLUMNS[kind];
  const issues: IssueDto[] = [];
  let dropped = 0;
  const add = (x: IssueDto) => {
    if (issues.length < MAX_CSV_ISSUES) issues.push(x);
    else dropped++;
  };
  header.forEach((hname, i) => {
    if (!cols.some((x) => x.name === hname)) add(issue(file, 1, shortList([hname || `column ${i + 1}`]), 'unknown_column', `unknown column "${shortList([hname])}" for ${kind}`, `the ${kind} template has: ${cols.map((x) => x.name).join(', ')}`));
  });
  for (const col of cols) {
    if (col.required && !header.includes(col.name) && !(header.includes('postcode') && LATLON[kind]?.includes(col.name))) add(issue(file, 1, col.name, 'missing_column', `the required column "${col.name}" is missing`, `add a "${col.name}" column: ${col.help}`));
  }
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const latlon = LATLON[kind];
  const pcIndex = header.indexOf('postcode');
  for (const { cells, line } of rows.slice(1)) {
    const rec: Record<string, unknown> = {};
    const flags: Record<string, boolean | string> = {};
    const hasPostcode = pcIndex >= 0 && (cells[pcIndex] ?? '').trim() !== '';
    if (cells.length > header.length && cells.slice(header.length).some((x) => x.trim() !== '')) {
      add(issue(file, line, `column ${header.length + 1}`, 'extra_cells', `the row has ${cells.length} cells but the header has ${header.length} columns`, sep === ',' ? 'a comma inside a value needs the value in double quotes' : 'check the separators in this row'));
    }
    header.forEach((hname, i) => {
      const col = cols.find((x) => x.name === hname);
      if (!col) return;
      const raw = (cells[i] ?? '').trim();
      if (raw === '') {
        const coveredByPostcode = hasPostcode && !!latlon?.includes(col.name);
        if (col.required && !coveredByPostcode) add(issue(file, line, col.name, 'missing_value', `"${col.name}" is empty`, col.help));
        return;
      }
      const bad = (what: string) => add(issue(file, line, col.name, 'bad_value', `"${shortList([raw])}" is not ${what}`, col.help));
      let v: unknown;
      switch (col.type) {
        case 'string':
          v = raw;
          if (col.values && !col.values.includes(raw)) return bad(`one of ${col.values.join(', ')}`);
          break;
        case 'int':
          if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) return bad('a whole number (at most 15 digits)');
          v = Number(raw);
          break;
        case 'number':
          v = Number(raw);
          if (!Number.isFinite(v)) return bad('a number');
          break;
        case 'pounds': {
          const n = Number(raw.replace(/^£/, '').replace(/,/g, ''));
          if (!Number.isFinite(n) || !Number.isSafeInteger(Math.round(n * 100))) return bad('an amount in pounds');
          v = Math.round(n * 100);
          break;
        }
        case 'bool': {
          const l = raw.toLowerCase();
          if (['yes', 'y', 'true', '1'].includes(l)) v = true;
          else if (['no', 'n', 'false', '0'].includes(l)) v = false;
          else return bad('yes or no');
          break;
        }
        case 'list': {
          const items = raw.split(listSep).map((x) => x.trim()).filter(Boolean);
          const wrong = col.values ? items.filter((x) => !col.values!.includes(x)) : [];
          if (wrong.length) return bad(`a list of ${col.values!.join(', ')} (unknown: ${wrong.join(', ')})`);
          v = items;
          break;
        }
        case 'time':
          if (!/^\d{1,2}:\d{2}$/.test(raw)) return bad('a time HH:MM');
          v = raw.padStart(5, '0');
          break;
        case 'date':
          if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return bad('a date YYYY-MM-DD');
          v = raw;
          break;
        case 'sessions': {
          const items = raw.split(listSep).map((x) => x.trim().toLowerCase()).filter(Boolean);
          const wrong = items.filter((x) => !/^[a-z]+:\d+$/.test(x) || !(WEEKDAYS as readonly string[]).includes(x.split(':')[0]));
          if (wrong.length) return bad(`a list of day:hours, e.g. monday:4 (wrong: ${wrong.join(', ')})`);
          v = items.map((x) => ({ day: x.split(':')[0], hours: Number(x.split(':')[1]) }));
          break;
        }
        case 'bookings': {
          const items = raw.split(listSep).map((x) => x.trim()).filter(Boolean);
          const read = items.map((x) => /^([^@\s]+)@(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(x));
          const wrong = items.filter((_, k) => !read[k]);
          if (wrong.length) return bad(`a list of bookings person@YYYY-MM-DD/YYYY-MM-DD (wrong: ${shortList(wrong, 3)})`);
          v = read.map((m) => ({ person: m![1], dates: { start: m![2], end: m![3] } }));
          break;
        }
        case 'ranges': {
          const items = raw.split(listSep).map((x) => x.trim()).filter(Boolean);
          const wrong = items.filter((x) => !/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/.test(x));
          if (wrong.length) return bad(`a list of date ranges YYYY-MM-DD/YYYY-MM-DD (wrong: ${wrong.join(', ')})`);
          v = items.map((x) => ({ start: x.slice(0, 10), end: x.slice(11) }));
          break;
        }
      }
      if (col.path) setPath(rec, col.path, v);
      else flags[col.name] = v as boolean | string;
    });
    if (latlon) {
      const [latCol, lonCol] = latlon;
      const latPath = cols.find((x) => x.name === latCol)!.path;
      const lonPath = cols.find((x) => x.name === lonCol)!.path;
      const get = (path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], rec);
      if (typeof flags.postcode === 'string' && (get(latPath) === undefined || get(lonPath) === undefined)) {
        const pc = flags.postcode;
        const at = ctx.postcode?.(pc);
        if (!ctx.postcode) add(issue(file, line, 'postcode', 'no_postcode_lookup', `postcode "${shortList([pc])}" cannot be placed: no postcode lookup is loaded`, 'load a postcode lookup file (ONS Postcode Directory, Code-Point Open or a postcode,lat,lon extract), or give latitude and longitude'));
        else if (!at) add(issue(file, line, 'postcode', 'unknown_postcode', `postcode "${shortList([pc])}" is not in the postcode lookup`, 'check the postcode, or give latitude and longitude'));
        else {
          setPath(rec, latPath, at[0]);
          setPath(rec, lonPath, at[1]);
        }
      }
      const lat = get(latPath);
      const lon = get(lonPath);
      if (typeof lat === 'number' && typeof lon === 'number' && ctx.placeProblem) {
        const why = ctx.placeProblem(lat, lon);
        if (why) add(issue(file, line, `${latCol}, ${lonCol}`, 'implausible_place', `${lat}, ${lon} ${why}`, 'check for swapped latitude and longitude, a missing digit or a wrong sign'));
      }
    }
    if (kind === 'residents') rec.__lives_at = flags.lives_at;
    if (kind === 'places') rec.__person = flags.person;
    if (kind === 'schemes') {
      const n = typeof rec.vacancies === 'number' ? rec.vacancies : 0;
      rec.vacancies = Array.from({ length: Math.max(0, Math.min(n, 50)) }, (_, k) => ({
        id: `${rec.id}-V${k + 1}`,
        accessible: !!flags.vacancies_accessible,
        ground_floor: !!flags.vacancies_ground_floor,
        en_suite: !!flags.vacancies_en_suite,
      }));
    }
    records.push(rec);
    lines.push(line);
  }
  if (dropped > 0) issues.push(issue(file, 0, '', 'too_many_issues', `…and ${dropped} more problems in this file`, 'fix the problems listed first, then import again'));
  return { kind, file, records, lines, issues };
}

/**
 * Rewrites a core issue about `people[3].home.lat` as one about
 * `people.csv row 5, column home_lat` when that record came from a CSV file.
 */
export function locateIssue(i: IssueDto, imports: ImportedRows[], placeLines?: Map<string, { file: string; line: number }>): IssueDto {
  const m = /^(people|households|schemes|visits|workers)\[(\d+)\]\.?(.*)$/.exec(i.path);
  if (!m) return i;
  // An important place from important-places.csv: its own file and row.
  const place = /^people\[(\d+)\]\.important_places\[(\d+)\]\.?(.*)$/.exec(i.path);
  const from = place && placeLines?.get(`${place[1]}:${place[2]}`);
  if (place && from) {
    const rest = place[3].replace(/\[(\d+)\]/g, '.$1');
    const cols = COLUMNS.places.filter((x) => x.path && (rest === x.path || rest.startsWith(`${x.path}.`) || x.path.startsWith(`${rest}.`)));
    return { ...i, record: `${from.file} row ${from.line}${i.record ? ` (${i.record})` : ''}`, path: cols.length ? cols.map((x) => x.name).join(', ') : rest || 'person' };
  }
  const imp = imports.find((x) => x.kind === m[1]);
  if (!imp) return i;
  const line = imp.lines[Number(m[2])];
  if (line === undefined) return i;
  const rest = m[3].replace(/\[(\d+)\]/g, '.$1');
  // The column(s) holding that field: `home.lat` is home_lat; `home` is home_lat and home_lon.
  const cols = COLUMNS[imp.kind].filter((x) => x.path && (rest === x.path || rest.startsWith(`${x.path}.`) || x.path.startsWith(`${rest}.`)));
  return { ...i, record: `${imp.file} row ${line}${i.record ? ` (${i.record})` : ''}`, path: cols.length ? cols.map((x) => x.name).join(', ') : rest || i.path };
}

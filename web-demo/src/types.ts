// The wire types, generated from the Rust types by tsify (see wasm/pkg/*.d.ts).
// Fields with a serde default are optional on input; everything the solver
// returns has them all, which the aliases below record.
import type {
  Household,
  IntroductionOutcome,
  Person as PersonIn,
  Scenario as ScenarioIn,
  Scheme,
} from 'carematch-wasm';

export type {
  Household,
  Scheme,
  MatchConfig,
  MatchResult,
  Placement,
  Unplaced,
  Shortlist,
  HouseholdShortlist,
  RoundsInput,
  RoundsPlan,
  Round,
  RoundStop,
  Visit,
  Worker,
  ValidationIssue,
  PlanRequest,
} from 'carematch-wasm';

export type Person = Required<Pick<PersonIn, 'arrangement' | 'current_setting'>> & PersonIn;
export type Scenario = Omit<ScenarioIn, 'people'> & {
  people: Person[];
  households: Household[];
  schemes: Scheme[];
  introductions: IntroductionOutcome[];
};

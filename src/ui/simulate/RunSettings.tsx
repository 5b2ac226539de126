import type { DatasetMeta, SimulationSettings, WorldSettings } from '../../worker/api';

/** The props of RunSettings: the settings and the world choices, each with its setter. */
export interface RunSettingsProps {
  settings: SimulationSettings;
  onSettings(settings: SimulationSettings): void;
  /** Disables every field while a run is under way. */
  running: boolean;
  /** Whether the dataset has planted taste clusters to simulate users from (the demo). */
  canPlant: boolean;
  /** Whether the dataset has genres for the policies to know items by. */
  canGenres: boolean;
  truth: WorldSettings['truth'];
  onTruth(truth: WorldSettings['truth']): void;
  features: WorldSettings['features'];
  onFeatures(features: WorldSettings['features']): void;
}

/** The "Run" fieldset of the simulator: the simulated users, what the policies know, and the run's numbers. */
export function RunSettings({ settings, onSettings, running, canPlant, canGenres, truth, onTruth, features, onFeatures }: RunSettingsProps) {
  const setField = (key: keyof SimulationSettings, value: number) => onSettings({ ...settings, [key]: value });
  return (
    <fieldset disabled={running}>
      <legend>Run</legend>
      {canPlant && (
        <label className="sim-setting">
          <span className="sim-setting-label">Simulated users</span>
          <select value={truth} onChange={(e) => onTruth(e.target.value === 'planted' ? 'planted' : 'fitted')}>
            <option value="fitted">A model fitted on all the ratings</option>
            <option value="planted">The demo’s planted taste clusters</option>
          </select>
          <span className="param-help">
            Where the true click probabilities come from: biased MF fitted on every rating, or the rule the demo data was generated from (each
            user’s cluster loves two genres and dislikes one, plus each film’s quality), before its noise.
          </span>
        </label>
      )}
      {canGenres && (
        <label className="sim-setting">
          <span className="sim-setting-label">What the policies know of each item</span>
          <select value={features} onChange={(e) => onFeatures(e.target.value === 'genres' ? 'genres' : 'vectors')}>
            <option value="vectors">Its vector from the fitted model</option>
            <option value="genres">Only its genres</option>
          </select>
          <span className="param-help">
            The fitted vectors already hold what every rating taught about each item, its quality included. With genres only, two films of the same
            genres look alike: each film’s own quality must be learned by showing it, which is where exploring pays. Switching sets the policies’
            knobs to the values measured best for that choice.
          </span>
        </label>
      )}
      <NumberSetting label="Steps (users served)" value={settings.steps} min={1} max={1_000_000} step={1} onChange={(v) => setField('steps', v)} help="One simulated user arrives per step and is shown one slate." />
      <NumberSetting label="Slate size n" value={settings.slateSize} min={1} max={100} step={1} onChange={(v) => setField('slateSize', v)} help="Items shown per step." />
      <NumberSetting label="Seed" value={settings.seed} min={0} step={1} onChange={(v) => setField('seed', v)} help="The same seed gives the same run." />
      <NumberSetting
        label="Warm start (share of each user’s ratings)"
        value={settings.warmFraction}
        min={0}
        max={0.9}
        step={0.05}
        onChange={(v) => setField('warmFraction', v)}
        help="0 is a cold start: the policies know nothing of any user. A share of the ratings handed over first starts them warm."
      />
      <NumberSetting
        label="Refit the population model every m steps"
        value={settings.refitEvery}
        min={1}
        step={1}
        onChange={(v) => setField('refitEvery', v)}
        help="θ_pop, the prior every user starts from, is refitted on all the feedback collected so far: the feedback loop."
      />
      <NumberSetting label="Prior precision λ" value={settings.priorPrecision} min={0.001} step="any" onChange={(v) => setField('priorPrecision', v)} help="How strongly each user starts at θ_pop: larger λ needs more clicks to move." />
      <NumberSetting label="Record a point every" value={settings.recordEvery} min={1} step={1} onChange={(v) => setField('recordEvery', v)} help="Steps between the points of the curves." />
    </fieldset>
  );
}

/** A plain-language problem with the run settings, or null. */
export function settingsProblem(s: SimulationSettings, dataset: DatasetMeta): string | null {
  const whole = (v: number) => Number.isInteger(v) && v >= 1;
  if (!whole(s.steps)) return 'Steps must be a whole number ≥ 1.';
  if (!whole(s.slateSize)) return 'The slate size must be a whole number ≥ 1.';
  if (s.slateSize >= dataset.items) return `The slate size must be below the number of items (${dataset.items}).`;
  if (!Number.isInteger(s.seed) || s.seed < 0) return 'The seed must be a whole number ≥ 0.';
  if (!(s.warmFraction >= 0 && s.warmFraction < 1)) return 'The warm-start share must be in [0, 1).';
  if (!whole(s.refitEvery)) return 'Refit every m steps: m must be a whole number ≥ 1.';
  if (!whole(s.recordEvery)) return 'Record every: a whole number ≥ 1.';
  if (!(s.priorPrecision > 0)) return 'The prior precision λ must be > 0.';
  return null;
}

/** One numeric field of the run settings, with its help text. */
function NumberSetting(props: { label: string; value: number; min: number; max?: number; step: number | 'any'; help: string; onChange(v: number): void }) {
  const { label, value, min, max, step, help, onChange } = props;
  return (
    <label className="sim-setting">
      <span className="sim-setting-label">{label}</span>
      <input type="number" value={Number.isFinite(value) ? value : ''} min={min} max={max} step={step} onChange={(e) => onChange(e.target.value === '' ? NaN : Number(e.target.value))} />
      <span className="param-help">{help}</span>
    </label>
  );
}

import { checkFeatureSpec, featureWarmupBars, FeatureSpec, ValidationError } from '@nautilus/domain';
import { resolveModelPath } from '@nautilus/hardware-router';
import { OnnxModelSpec } from '../jobs/run-request';

const FIELD = 'strategy_parameters';
const MODES = ['threshold', 'sign', 'argmax'] as const;
const KNOWN = ['model', 'features', 'mode', 'threshold', 'long_only', 'position_size'];

/** Re-throws a validation error of a nested check under `strategy_parameters.`. */
function underParameters<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ValidationError && error.field && !error.field.startsWith(FIELD)) throw new ValidationError(`${FIELD}.${error.field}`, error.expected, error.found);
    throw error;
  }
}

/**
 * Checks the strategy_parameters of an onnx_model request — `model` (a .onnx file inside the
 * models folder), `features` ({ log_returns, rsi?, zscore? }), `mode`, `threshold`, `long_only`,
 * `position_size` — and returns the spec with its warm-up in bars. Errors name the parameter.
 */
export function parseOnnxParameters(raw: Record<string, unknown> | undefined, modelsDir: string): { spec: OnnxModelSpec; warmupBars: number } {
  const p = raw ?? {};
  for (const name of Object.keys(p)) if (!KNOWN.includes(name)) throw new ValidationError(`${FIELD}.${name}`, `one of ${KNOWN.join(', ')}`, 'an unknown parameter');
  if (typeof p.model !== 'string') throw new ValidationError(`${FIELD}.model`, 'a path to an .onnx file in the models folder', JSON.stringify(p.model));
  resolveModelPath(p.model, modelsDir);
  const features = p.features as FeatureSpec;
  underParameters(() => checkFeatureSpec(features));
  const mode = (p.mode ?? 'threshold') as OnnxModelSpec['mode'];
  if (!MODES.includes(mode)) throw new ValidationError(`${FIELD}.mode`, MODES.join(' | '), JSON.stringify(p.mode));
  if (p.threshold !== undefined && !(typeof p.threshold === 'number' && Number.isFinite(p.threshold))) throw new ValidationError(`${FIELD}.threshold`, 'a finite number', JSON.stringify(p.threshold));
  if (p.long_only !== undefined && typeof p.long_only !== 'boolean') throw new ValidationError(`${FIELD}.long_only`, 'a boolean', JSON.stringify(p.long_only));
  if (p.position_size !== undefined && !(typeof p.position_size === 'number' && p.position_size > 0 && p.position_size <= 1)) {
    throw new ValidationError(`${FIELD}.position_size`, 'a number in (0, 1]', JSON.stringify(p.position_size));
  }
  const spec: OnnxModelSpec = {
    model: p.model,
    modelsDir,
    features: { log_returns: features.log_returns, ...(features.rsi === undefined ? {} : { rsi: features.rsi }), ...(features.zscore === undefined ? {} : { zscore: features.zscore }) },
    mode,
    ...(p.threshold === undefined ? {} : { threshold: p.threshold as number }),
    ...(p.long_only === undefined ? {} : { longOnly: p.long_only as boolean }),
    ...(p.position_size === undefined ? {} : { positionSize: p.position_size as number }),
  };
  return { spec, warmupBars: featureWarmupBars(features) };
}

import { NotFoundError, ValidationError } from '@nautilus/domain';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

const FIELD = 'strategy_parameters.model';

/** Returns the models folder: `MODELS_DIR` when set, else `models/` under the working directory. */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.MODELS_DIR ?? join(process.cwd(), 'models'));
}

function outside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel);
}

/**
 * Returns the real path of `modelPath`, an .onnx file named relative to `modelsDir`. Absolute
 * paths, `..` escapes and symbolic links leading out of the folder throw {@link ValidationError} on
 * `strategy_parameters.model`, so a request can only load the models an operator put there; a
 * missing file throws {@link NotFoundError} on the same field.
 */
export function resolveModelPath(modelPath: string, modelsDir: string = defaultModelsDir()): string {
  if (typeof modelPath !== 'string' || modelPath.trim() === '') throw new ValidationError(FIELD, 'a path to an .onnx file in the models folder', JSON.stringify(modelPath));
  if (isAbsolute(modelPath)) throw new ValidationError(FIELD, 'a path relative to the models folder', modelPath);
  if (!modelPath.toLowerCase().endsWith('.onnx')) throw new ValidationError(FIELD, 'an .onnx file', modelPath);
  const dir = resolve(modelsDir);
  const full = resolve(dir, modelPath);
  if (outside(dir, full)) throw new ValidationError(FIELD, 'a path inside the models folder', modelPath);
  if (!existsSync(full)) throw new NotFoundError(FIELD, modelPath);
  const real = realpathSync(full);
  if (outside(realpathSync(dir), real)) throw new ValidationError(FIELD, 'a file inside the models folder (links may not lead out)', modelPath);
  return real;
}

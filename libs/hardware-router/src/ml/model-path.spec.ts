import { NotFoundError, ValidationError } from '@nautilus/domain';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultModelsDir, resolveModelPath } from './model-path';

const models = join(__dirname, '..', '..', '..', '..', 'models');

describe('resolveModelPath', () => {
  it('resolves a model inside the folder, through inner .. segments too', () => {
    expect(resolveModelPath('logreg-returns-10.onnx', models)).toBe(join(models, 'logreg-returns-10.onnx'));
    expect(resolveModelPath('sub/../logreg-returns-10.onnx', models)).toBe(join(models, 'logreg-returns-10.onnx'));
  });

  it.each([['../package.json'], ['../models/../../etc/x.onnx'], ['/etc/passwd.onnx'], ['logreg.txt'], [''], ['..']])('rejects %j on strategy_parameters.model', (path) => {
    const error = (() => {
      try {
        resolveModelPath(path, models);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'strategy_parameters.model' });
  });

  it('reports a missing model as not found', () => {
    expect(() => resolveModelPath('missing.onnx', models)).toThrow(new NotFoundError('strategy_parameters.model', 'missing.onnx'));
  });

  it('rejects a link that leads out of the folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'models-'));
    const dir = join(root, 'models');
    mkdirSync(dir);
    writeFileSync(join(root, 'secret.onnx'), 'x');
    symlinkSync(join(root, 'secret.onnx'), join(dir, 'escape.onnx'));
    copyFileSync(join(models, 'logreg-returns-10.onnx'), join(dir, 'inside.onnx'));
    expect(() => resolveModelPath('escape.onnx', dir)).toThrow(/strategy_parameters\.model: expected a file inside the models folder/);
    expect(resolveModelPath('inside.onnx', dir)).toMatch(/inside\.onnx$/);
  });

  it('reads the folder from MODELS_DIR, else models/ under the working directory', () => {
    expect(defaultModelsDir({ MODELS_DIR: '/srv/models' })).toBe('/srv/models');
    expect(defaultModelsDir({})).toBe(join(process.cwd(), 'models'));
  });
});

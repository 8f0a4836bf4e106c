import { ExecutorUnavailableError, ValidationError } from '@nautilus/domain';
import type { InferenceSession } from 'onnxruntime-node';
import { OnnxProvider, OnnxRuntime } from '../detect/onnx-runtime';
import { Executor } from './executor';
import { InferenceRequest, InferenceResult, TaskInput, TaskName, TaskOutput } from './tasks';

/**
 * Runs `onnx_inference` jobs on onnxruntime with one execution provider, keeping one session per
 * model file. A session that cannot be created with an accelerator's provider is reported as
 * ExecutorUnavailableError (so the router falls back to the CPU provider); with the CPU provider
 * the model itself is at fault, which is a ValidationError on `model`.
 */
export class OnnxSessionExecutor implements Executor {
  readonly kind = 'onnx_session';
  readonly hardware: string;
  private readonly sessions = new Map<string, Promise<InferenceSession>>();
  private closed = false;

  constructor(
    private readonly ort: OnnxRuntime,
    readonly provider: OnnxProvider,
  ) {
    this.hardware = `onnxruntime ${provider.label}`;
  }

  supports(task: TaskName): boolean {
    return task === 'onnx_inference';
  }

  async run<K extends TaskName>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
    if (task !== 'onnx_inference') throw new ExecutorUnavailableError(this.kind, `it does not run ${task}`);
    if (this.closed) throw new ExecutorUnavailableError(this.kind, 'the executor is closed');
    return (await this.infer(input as InferenceRequest)) as TaskOutput<K>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map(async (s) => (await s.catch(() => undefined))?.release()));
  }

  private session(modelPath: string): Promise<InferenceSession> {
    let s = this.sessions.get(modelPath);
    if (!s) {
      s = this.ort.InferenceSession.create(modelPath, { executionProviders: [this.provider.config], logSeverityLevel: 3 }).catch((error: Error) => {
        this.sessions.delete(modelPath);
        const text = String(error?.message ?? error).split('\n')[0];
        if (this.provider.label === 'cpu') throw new ValidationError('model', 'an ONNX model onnxruntime can load', `${modelPath}: ${text}`);
        throw new ExecutorUnavailableError(this.kind, `session with the ${this.provider.label} provider failed: ${text}`);
      });
      this.sessions.set(modelPath, s);
    }
    return s;
  }

  private async infer(request: InferenceRequest): Promise<InferenceResult> {
    const session = await this.session(request.modelPath);
    const meta = session.inputMetadata[0];
    const width = meta?.isTensor ? meta.shape[1] : undefined;
    if (typeof width === 'number' && width !== request.columns) {
      throw new ValidationError('features', `${width} feature columns, as the model's input ${meta.name} takes`, String(request.columns));
    }
    const feeds = { [session.inputNames[0]]: new this.ort.Tensor('float32', request.input, [request.rows, request.columns]) };
    const outputs = await session.run(feeds);
    const out = outputs[session.outputNames[0]];
    const dims = out.dims;
    return { values: out.data as Float32Array, columns: dims.length > 1 ? Number(dims[dims.length - 1]) : 1, provider: this.provider.label };
  }
}

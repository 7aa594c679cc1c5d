/**
 * @module cli/commands/interruptible
 * What a command that runs the project's tests does with Ctrl-C (SIGINT) and SIGTERM: it aborts the work through its
 * signal, which stops every test process group and removes the copies, and reports the interruption (exit 130).
 */
import { EXIT, StraddleError } from '../../errors.ts';

/** Runs `work` with a signal that Ctrl-C aborts; once aborted, whatever it throws becomes E_INTERRUPTED saying `message`. */
export async function interruptible<T>(message: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  // kept for every Ctrl-C, not once: a second one must not exit before the runs' process groups are stopped
  const interrupt = () => controller.abort();
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (controller.signal.aborted) throw new StraddleError(message, 'E_INTERRUPTED', EXIT.interrupted);
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

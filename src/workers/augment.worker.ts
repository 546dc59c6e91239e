/**
 * The augmentation worker's entry: the training worker starts it for a run with augmentation, hands it the
 * training images and one end of a MessageChannel, and it serves augmented batches on that port until closed
 * (src/data/augment/stream.ts). The training worker never augments.
 */
import { type ProducerSetup, serveBatches } from '../data/augment/stream';

/** The one message this worker takes. */
export interface AugmentWorkerStart {
  port: MessagePort;
  setup: ProducerSetup;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (e: MessageEvent<AugmentWorkerStart>) => {
  const { port, setup } = e.data;
  try {
    serveBatches(port, setup);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};

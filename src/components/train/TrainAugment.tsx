/** The next run's augmentation on the Train screen: the Augment panel bound to the training settings. */
import { useShallow } from 'zustand/react/shallow';
import { selectTrainActions, selectTrainData, selectTrainDatasetId, useAppStore } from '../../store';
import { AugmentPanel } from '../augment/AugmentPanel';

/** The Augment panel for the run the screen describes. */
export function TrainAugment() {
  const augment = useAppStore((s) => s.training.augment);
  const dataset = useAppStore(selectTrainDatasetId);
  const { samples } = useAppStore(useShallow(selectTrainData));
  const { setTrainAugment } = useAppStore(useShallow(selectTrainActions));
  return <AugmentPanel settings={augment} onChange={setTrainAugment} dataset={dataset} samples={samples} idPrefix="train" />;
}

/** The Predict screen: the image and where it comes from, the model, the preprocessing steps, the answer, and inside the network. */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { AnswerPanel } from './AnswerPanel';
import { ImagePicker } from './ImagePicker';
import { InsidePanel } from './InsidePanel';
import { ModelPanel } from './ModelPanel';
import { StepsStrip } from './StepsStrip';
import '../../styles/predict.css';

export function PredictScreen() {
  const open = useAppStore((s) => s.openPredictScreen);
  useEffect(() => {
    void open();
  }, [open]);
  return (
    <div className="predict" data-testid="predict-screen">
      <h1>Drop an image, get a prediction</h1>
      <div className="predict-grid">
        <div>
          <ImagePicker />
          <ModelPanel />
        </div>
        <div>
          <AnswerPanel />
          <StepsStrip />
        </div>
      </div>
      <InsidePanel />
    </div>
  );
}

export default PredictScreen;

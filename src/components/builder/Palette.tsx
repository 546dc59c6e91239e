/**
 * The palette: every layer kind and block of the course. Click (or Enter) adds after the selected layer; drag onto
 * a layer to add after that one. Each item runs the same registry action as any other way of adding it.
 */
import { useState } from 'react';
import { LAYER_KINDS, LAYERS } from '../../models';
import { BLOCKS, selectBuilderCommands, selectSelectedId, useAppStore, type BuilderActionId } from '../../store';

/** The drag-and-drop data type carrying a registry action id. */
export const DRAG_TYPE = 'application/x-convatlas-action';

/** What each layer kind does, in a few words, for the palette's tooltips. */
const ABOUT: Record<string, string> = {
  conv2d: 'convolution: filters x f x f weights + bias',
  depthwiseConv2d: 'one filter per channel (MobileNet)',
  maxPool2d: 'max of each window, no parameters',
  avgPool2d: 'mean of each window, no parameters',
  globalAvgPool2d: 'mean of each channel: H x W x C -> C',
  dense: 'fully connected layer',
  flatten: 'H x W x C -> one vector',
  dropout: 'drops units while training',
  batchNorm: 'normalises each channel; 2 trained + 2 moving values per channel',
  lrn: "local response normalization (AlexNet)",
  activation: 'ReLU, sigmoid, tanh, softmax',
  zeroPad2d: 'adds zero rows and columns',
  shortcutPad: "a shortcut that halves the image and pads channels with zeros, no parameters (ResNet's option A)",
  add: 'sums branches of the same shape (residual)',
  concat: 'stacks branches along channels (Inception)',
};

/** The palette of layers and blocks. */
export function Palette() {
  const run = useAppStore(selectBuilderCommands);
  const selected = useAppStore(selectSelectedId);
  const [branch, setBranch] = useState(false);
  const where = selected ? `after '${selected}'` : 'at the end';
  return (
    <section className="panel palette" aria-labelledby="palette-title" data-testid="palette">
      <h2 id="palette-title">Add</h2>
      <p className="hint">
        Click or press Enter to add {branch ? `a branch from '${selected ?? 'the last layer'}'` : where}; or drag onto a layer.
      </p>
      <label className="toggle">
        <input type="checkbox" checked={branch} data-testid="palette-branch" onChange={(e) => setBranch(e.target.checked)} /> as a new branch (keep the existing path)
      </label>
      <h3>Layers</h3>
      <ul className="palette-items">
        {LAYER_KINDS.map((k) => {
          const action: BuilderActionId = `${branch && k !== 'add' && k !== 'concat' ? 'branch' : 'add'}:${k}`;
          return (
            <li key={k}>
              <button
                type="button"
                draggable
                title={ABOUT[k]}
                data-testid={`palette-${k}`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_TYPE, action);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => run(action)}
              >
                {LAYERS[k].label}
              </button>
            </li>
          );
        })}
      </ul>
      <h3>Blocks</h3>
      <ul className="palette-items blocks">
        {BLOCKS.map((b) => (
          <li key={b.id}>
            <button
              type="button"
              draggable
              title={b.about}
              data-testid={`palette-block-${b.id}`}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, `block:${b.id}`);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => run(`block:${b.id}`)}
            >
              {b.label}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

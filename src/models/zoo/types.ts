import type { NetworkSpec } from '../spec';

export interface Paper {
  authors: string;
  title: string;
  venue: string;
  year: number;
  url: string;
}

/** A classic network: how to build it, where it comes from, and what the course says it taught. */
export interface ZooEntry {
  /** Stable id used in URLs (?model=resnet50), the CLI and links; never rename one. */
  id: string;
  name: string;
  family: 'LeNet' | 'AlexNet' | 'VGG' | 'ResNet' | 'Plain' | 'NiN' | '1x1 conv' | 'Inception';
  year: number;
  paper: Paper;
  /** One or two sentences, in the project's words, of what it introduced. */
  taught: string;
  /** Where this layout differs from the paper or the course, and which reference its counts follow. */
  layoutNote?: string;
  /**
   * The torchvision.models builder this network is, layer for layer and name for name: its PyTorch export has that
   * model's state_dict keys and shapes, so torchvision's released weights load into it (checked in export.test.ts).
   */
  torchvision?: string;
  build(): NetworkSpec;
}

import type { NetworkSpec } from '../spec';
import { alexnetZoo } from './alexnet';
import { inceptionZoo } from './inception';
import { lenetZoo } from './lenet';
import { ninZoo } from './nin';
import { resnetZoo } from './resnet';
import type { ZooEntry } from './types';
import { vggZoo } from './vgg';

/** Every classic network, in the course's order. */
export const ZOO: readonly ZooEntry[] = [...lenetZoo, ...alexnetZoo, ...vggZoo, ...resnetZoo, ...ninZoo, ...inceptionZoo];

const byId = new Map(ZOO.map((z) => [z.id, z]));

export function zooEntry(id: string): ZooEntry | undefined {
  return byId.get(id);
}

/** Builds a zoo network by id; undefined for an unknown id. */
export function zooSpec(id: string): NetworkSpec | undefined {
  return byId.get(id)?.build();
}

export type { Paper, ZooEntry } from './types';

/**
 * A run's augmentation as torchvision transforms, for the PyTorch export of a run trained with it: the same ops
 * in the same order (crop, mirror, rotate and shear, warp, colour), each with the parameter that makes it draw
 * what ConvAtlas draws. Where the two differ it says so in a comment; PCA colour has no torchvision transform and
 * is left as a comment naming what it needs.
 */
import { describeAugment, isAugmenting, type AugmentSettings } from '../../data/augment/pipeline';

/**
 * Python source of `convatlas_train_transform()`, returning a `torchvision.transforms.Compose` for float images
 * (C, H, W) in [0, 1] of the dataset's own size `h` x `w` (before any padding to the network's input); empty
 * when no op is on.
 */
export function torchvisionAugment(s: AugmentSettings, h: number, w: number): string[] {
  if (!isAugmenting(s)) return [];
  const ops: string[] = [];
  if (s.padCrop > 0) ops.push(`T.RandomCrop((${h}, ${w}), padding=${Math.round(s.padCrop)}),  # pad with zeros and crop, as ConvAtlas`);
  else if (s.cropMinArea < 1) ops.push(`T.RandomResizedCrop((${h}, ${w}), scale=(${s.cropMinArea}, 1.0), ratio=(3 / 4, 4 / 3)),`);
  if (s.mirrorH > 0) ops.push(`T.RandomHorizontalFlip(p=${s.mirrorH}),`);
  if (s.mirrorV > 0) ops.push(`T.RandomVerticalFlip(p=${s.mirrorV}),`);
  if (s.rotate > 0 || s.shear > 0) ops.push(`T.RandomAffine(degrees=${s.rotate}${s.shear > 0 ? `, shear=(${-s.shear}, ${s.shear}, 0, 0)` : ''}),  # uniform in +/-, shear along x only`);
  if (s.warpAlpha > 0) {
    ops.push(
      `# torchvision's alpha moves pixels by alpha / 2 (its grid spans [-1, 1]): ${s.warpAlpha} px is alpha ${2 * s.warpAlpha}. Its blur pads by`,
      '# reflection where ConvAtlas (and scipy) pad with zeros, so fields differ near the border.',
      `T.ElasticTransform(alpha=${(2 * s.warpAlpha).toFixed(1)}, sigma=${s.warpSigma.toFixed(1)}),`,
    );
  }
  if (s.colourShift > 0) ops.push(`T.Lambda(lambda x: (x + torch.randn(x.shape[0], 1, 1) * ${s.colourShift}).clamp(0, 1)),  # one normal offset per channel`);
  if (s.pcaColour > 0) {
    ops.push(
      `# PCA colour (sd ${s.pcaColour}) has no torchvision transform: AlexNet's lighting noise adds sum_i p_i * a_i * sqrt(lambda_i),`,
      '# a_i ~ N(0, sd), with the eigenvectors p_i and eigenvalues lambda_i of the training set\'s pixel covariance.',
    );
  }
  return [
    'def convatlas_train_transform():',
    `    """The run's augmentation (${describeAugment(s).replace(/"/g, "'")}) as torchvision transforms, for`,
    `    training images as float tensors (C, ${h}, ${w}) in [0, 1]; evaluate on the images as they are."""`,
    '    from torchvision import transforms as T  # only here: the module itself needs torch alone',
    '',
    '    return T.Compose([',
    ...ops.map((o) => `        ${o}`),
    '    ])',
  ];
}

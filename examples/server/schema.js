'use strict';
// Request bodies, checked with zod; a failed check becomes a 400 naming the field and the reason.
const { z } = require('zod');
const { ACTIVATIONS, IMAGE } = require('./model');

const trainRequest = z.object({
  model: z.object({
    hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8).default([100, 100, 100]),
    activation: z.enum(Object.keys(ACTIVATIONS)).default('relu'),
    dropout: z.number().min(0).max(0.9).default(0),
  }).strict().default({}),
  optimizer: z.object({
    name: z.enum(['sgd', 'adam', 'adamw']).default('sgd'),
    lr: z.number().positive().max(10).default(0.01),
    momentum: z.number().min(0).max(1).default(0),
    weight_decay: z.number().min(0).max(1).default(0),
  }).strict().default({}),
  batch_size: z.number().int().min(1).max(4096).default(32),
  epochs: z.number().int().min(1).max(100).default(1),
  /** Stop after this many steps (whatever the epochs). */
  max_steps: z.number().int().positive().optional(),
  /** The first N training / test images (60,000 / 10,000 in all). */
  train_size: z.number().int().min(1).max(60000).default(60000),
  test_size: z.number().int().min(1).max(10000).default(10000),
  seed: z.number().int().min(0).default(0),
  checkpoint_every: z.number().int().positive().default(500),
  /** Continue from the latest checkpoint of this earlier job (same model and optimizer). */
  resume_from: z.string().regex(/^job-\d+$/).optional(),
}).strict();

const predictRequest = z.object({
  /** Flattened 28x28 images, pixel values in [0, 1]. */
  images: z.array(z.array(z.number().min(0).max(1)).length(IMAGE)).min(1).max(1024).optional(),
  /** Indices into the Fashion-MNIST test set. */
  test_indices: z.array(z.number().int().min(0).max(9999)).min(1).max(1024).optional(),
}).strict().refine((b) => (b.images === undefined) !== (b.test_indices === undefined), { message: 'give exactly one of images and test_indices' });

/** "model.hidden.0: Too small: expected number to be >=1; ..." */
function describeIssues(error) {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

module.exports = { trainRequest, predictRequest, describeIssues };

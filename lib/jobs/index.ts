// torchts/jobs: training in a worker thread, with progress, cancellation, checkpoints and resume.
export { start, shutdown, thread_budget, running_jobs, Job, JobError } from './job';
export type { StartOptions, JobStatus } from './job';
export { JobContext, JobCancelled } from './context';
export type { Tracked, TrainingPosition, StepOptions, Stateful } from './context';
export type { JobProgress, CheckpointOptions } from './protocol';
export { checkpoint_name, list_checkpoints, latest_checkpoint, write_checkpoint } from './checkpoint';

// The errors a malformed or unsupported file raises: TorchError with the exception class PyTorch
// raises for the same problem.
import { TorchError } from '../errors';

/** A damaged or unsupported container (zip, legacy stream, safetensors header). */
export const formatError = (message: string): TorchError => new TorchError(message, 'RuntimeError');

/** A pickle that cannot be read (truncated, bad opcode, stack or memo misuse). */
export const unpicklingError = (message: string): TorchError => new TorchError(message, 'UnpicklingError');

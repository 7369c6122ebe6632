// Image decoding through sharp (libvips, prebuilt binaries), made synchronous as torchvision's
// decode_image is: sharp only has an async API, so one worker thread runs it and this thread
// blocks on a shared flag until the worker posts the pixels, then takes them with
// receiveMessageOnPort. The worker is started on first use and never keeps the process alive.
import { Worker, MessageChannel, MessagePort, receiveMessageOnPort } from 'worker_threads';
import { TorchError } from '../../errors';

/** Decoded pixels, interleaved (height × width × channels, uint8), as sharp's raw output gives them. */
export interface RawImage { data: Uint8Array; width: number; height: number; channels: number }

const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { port, flag } = workerData;
let sharp, loadError;
try { sharp = require(workerData.sharpPath); } catch (e) { loadError = String((e && e.message) || e); }
const done = new Int32Array(flag);
port.on('message', async (bytes) => {
  let reply;
  try {
    if (loadError !== undefined) throw new Error('Could not load sharp: ' + loadError);
    // Pixels as stored: no ICC conversion, no EXIF rotation (torchvision applies neither).
    const { data, info } = await sharp(bytes, { ignoreIcc: true, autoOrient: false, failOn: 'error', limitInputPixels: workerData.limitInputPixels })
      .raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    reply = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
  } catch (e) {
    reply = { error: String((e && e.message) || e) };
  }
  port.postMessage(reply);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

/** The largest image decoded (pixels), as sharp's default guard against decompression bombs. */
const LIMIT_INPUT_PIXELS = 0x3fff * 0x3fff;
/** How long one decode may take before it is reported as hung. */
const DECODE_TIMEOUT_MS = 120_000;

interface Decoder { worker: Worker; port: MessagePort; flag: Int32Array; exited: boolean }
let decoder: Decoder | null = null;

function sharpPath(): string {
  try {
    return require.resolve('sharp');
  } catch (e) {
    throw new TorchError(`Decoding images needs the 'sharp' package (a dependency of torchts): npm install sharp (${(e as Error).message.split('\n')[0]})`, 'RuntimeError');
  }
}

function start(): Decoder {
  const flagBuffer = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { sharpPath: sharpPath(), port: port2, flag: flagBuffer, limitInputPixels: LIMIT_INPUT_PIXELS },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  const d: Decoder = { worker, port: port1, flag: new Int32Array(flagBuffer), exited: false };
  worker.on('exit', () => { d.exited = true; if (decoder === d) decoder = null; });
  worker.on('error', () => { d.exited = true; if (decoder === d) decoder = null; });
  return d;
}

/** Decodes encoded image bytes (PNG, JPEG, ...) into 8-bit interleaved pixels, synchronously. */
export function decodeRaw(bytes: Uint8Array): RawImage {
  if (decoder === null || decoder.exited) decoder = start();
  const d = decoder;
  Atomics.store(d.flag, 0, 0);
  d.port.postMessage(bytes);
  if (Atomics.wait(d.flag, 0, 0, DECODE_TIMEOUT_MS) === 'timed-out') {
    void d.worker.terminate();
    decoder = null;
    throw new TorchError(`Image decoding did not finish within ${DECODE_TIMEOUT_MS / 1000} s`, 'RuntimeError');
  }
  const reply = receiveMessageOnPort(d.port)?.message as (RawImage & { error?: string }) | undefined;
  if (reply === undefined) throw new TorchError('Image decoding failed: the decoder thread gave no result', 'RuntimeError');
  if (reply.error !== undefined) throw new TorchError(reply.error, 'RuntimeError');
  return reply;
}

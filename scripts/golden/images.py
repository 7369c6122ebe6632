#!/usr/bin/python3
"""Image fixtures for torchvision.io's read_image / decode_image (test/vision_io.test.ts).

    npm run golden -- images        (or /usr/bin/python3 scripts/golden/images.py; needs PIL)

Writes small PNG and JPEG files with PIL into test/golden/images/ and, in
test/golden/images.json, the uint8 [C, H, W] tensor torchvision's decoders give
for each file and ImageReadMode, computed from PIL's decoding with torchvision's
channel rules (torchvision/csrc/io/image/cpu/decode_png.cpp, decode_jpeg.cpp):

- PNG, UNCHANGED: the stored channels (grey 1, grey+alpha 2, RGB 3, RGBA 4,
  palette 1 = the palette indices); a tRNS chunk is ignored; 1-bit grey is
  scaled to 0/255 (libpng's png_set_expand_gray_1_2_4_to_8).
- PNG to grey: libpng's png_set_rgb_to_gray(0.2989, 0.587), which computes
  (9794 R + 19234 G + 3740 B) >> 15, and R where R == G == B.
- Adding alpha (GRAY_ALPHA, RGB_ALPHA) fills 255; a palette's tRNS gives the alpha.
- JPEG: GRAY is libjpeg's own YCbCr -> grey output (PIL's draft('L')), RGB
  repeats a grey JPEG's channel; the *_ALPHA modes are not supported for JPEG.

JPEG pixels may differ by a level or two between libjpeg builds (the test
states its tolerance); PNG values are exact.
"""
import os

import numpy as np
from PIL import Image

import encode

# The image files sit next to the fixture, in test/golden/images/ (they do not depend on LibTorch).
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'golden', 'images')
H, W = 6, 5

rng = np.random.default_rng(1234)


def grey_of(rgb):
    """libpng's rgb_to_gray for 8-bit data without gamma."""
    rgb = rgb.astype(np.int64)
    rc, gc = 29890 * 32768 // 100000, 58700 * 32768 // 100000
    bc = 32768 - rc - gc
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = (rc * r + gc * g + bc * b) >> 15
    return np.where((r == g) & (g == b), r, y).astype(np.uint8)


def stack(*channels):
    return np.stack([np.asarray(c, dtype=np.uint8) for c in channels], axis=-1)


def opaque(shape):
    return np.full(shape, 255, dtype=np.uint8)


def png_modes(kind, stored, rgb=None, alpha=None):
    """Expected HWC arrays per read mode for a PNG whose pixels are `stored` (HW or HWC)."""
    if kind in ('L', '1', 'L_trns'):
        g = stored
        return {'UNCHANGED': stack(g), 'GRAY': stack(g), 'GRAY_ALPHA': stack(g, opaque(g.shape)),
                'RGB': stack(g, g, g), 'RGB_ALPHA': stack(g, g, g, opaque(g.shape))}
    if kind == 'LA':
        g, a = stored[..., 0], stored[..., 1]
        return {'UNCHANGED': stored, 'GRAY': stack(g), 'GRAY_ALPHA': stored,
                'RGB': stack(g, g, g), 'RGB_ALPHA': stack(g, g, g, a)}
    if kind in ('RGB', 'RGB_trns'):
        y = grey_of(stored)
        return {'UNCHANGED': stored, 'GRAY': stack(y), 'GRAY_ALPHA': stack(y, opaque(y.shape)),
                'RGB': stored, 'RGB_ALPHA': np.concatenate([stored, opaque(y.shape)[..., None]], axis=-1)}
    if kind == 'RGBA':
        y = grey_of(stored[..., :3])
        return {'UNCHANGED': stored, 'GRAY': stack(y), 'GRAY_ALPHA': stack(y, stored[..., 3]),
                'RGB': stored[..., :3], 'RGB_ALPHA': stored}
    if kind in ('P', 'P_trns'):
        y = grey_of(rgb)
        return {'UNCHANGED': stack(stored), 'GRAY': stack(y), 'GRAY_ALPHA': stack(y, alpha),
                'RGB': rgb, 'RGB_ALPHA': np.concatenate([rgb, alpha[..., None]], axis=-1)}
    raise ValueError(kind)


def enc(hwc):
    chw = np.ascontiguousarray(np.transpose(hwc, (2, 0, 1)))
    return {'dtype': 'uint8', 'shape': list(chw.shape), 'values': chw.flatten().tolist()}


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    cases = {}
    rgb = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
    rgb[0, 0] = [77, 77, 77]  # R == G == B: libpng keeps R exactly
    grey = rng.integers(0, 256, (H, W), dtype=np.uint8)
    alpha = rng.integers(0, 256, (H, W), dtype=np.uint8)

    def save_png(name, img, kind, stored, **kw):
        img.save(os.path.join(OUT_DIR, name), **kw)
        # What PIL decodes from the file is what libpng stored.
        back = Image.open(os.path.join(OUT_DIR, name))
        assert back.mode == img.mode, (name, back.mode)
        modes = png_modes(kind, stored, **({} if kind not in ('P', 'P_trns') else palette_info(back)))
        cases[name] = {'format': 'png', 'modes': {m: enc(v) for m, v in modes.items()}}

    def palette_info(img):
        idx = np.asarray(img)
        pal = np.asarray(img.getpalette()[:768], dtype=np.uint8).reshape(-1, 3)
        trns = img.info.get('transparency')
        a = np.full(256, 255, dtype=np.uint8)
        if isinstance(trns, bytes):
            a[:len(trns)] = np.frombuffer(trns, dtype=np.uint8)
        elif isinstance(trns, int):
            a[trns] = 0
        return {'rgb': pal[idx], 'alpha': a[idx]}

    save_png('grey.png', Image.fromarray(grey, 'L'), 'L', grey)
    bits = (grey > 127)
    save_png('grey_1bit.png', Image.fromarray(bits.astype(np.uint8) * 255, 'L').convert('1'), '1', (bits * 255).astype(np.uint8))
    save_png('grey_trns.png', Image.fromarray(grey, 'L'), 'L_trns', grey, transparency=int(grey[1, 1]))
    la = stack(grey, alpha)
    save_png('grey_alpha.png', Image.fromarray(la, 'LA'), 'LA', la)
    save_png('rgb.png', Image.fromarray(rgb, 'RGB'), 'RGB', rgb)
    save_png('rgb_trns.png', Image.fromarray(rgb, 'RGB'), 'RGB_trns', rgb, transparency=tuple(int(v) for v in rgb[2, 3]))
    rgba = np.concatenate([rgb, alpha[..., None]], axis=-1)
    save_png('rgba.png', Image.fromarray(rgba, 'RGBA'), 'RGBA', rgba)
    # Palette images: 7 distinct colours (indices 0..6), with and without per-entry transparency.
    pal_colours = rng.integers(0, 256, (7, 3), dtype=np.uint8)
    idx = rng.integers(0, 7, (H, W), dtype=np.uint8)
    p = Image.fromarray(idx, 'P')
    p.putpalette(pal_colours.flatten().tolist())
    save_png('palette.png', p, 'P', idx)
    save_png('palette_trns.png', p, 'P_trns', idx, transparency=bytes([0, 128, 255, 40]))

    # 16-bit grey: torchvision's read_image rejects it.
    Image.fromarray((grey.astype(np.uint16) * 257), 'I;16').save(os.path.join(OUT_DIR, 'grey16.png'))
    cases['grey16.png'] = {'format': 'png', 'error': 'At most 8-bit PNG images are supported currently.'}

    # JPEG: a smooth colour image (no clipping after decoding) and a grey one, 16x16.
    yy, xx = np.mgrid[0:16, 0:16]
    smooth = stack(60 + 8 * xx, 50 + 9 * yy, 180 - 4 * xx - 3 * yy)
    Image.fromarray(smooth, 'RGB').save(os.path.join(OUT_DIR, 'rgb.jpg'), quality=95)
    Image.fromarray((40 + 10 * xx + 2 * yy).astype(np.uint8), 'L').save(os.path.join(OUT_DIR, 'grey.jpg'), quality=95)
    for name in ('rgb.jpg', 'grey.jpg'):
        path = os.path.join(OUT_DIR, name)
        img = Image.open(path)
        decoded = np.asarray(img)
        as_grey = Image.open(path)
        as_grey.draft('L', as_grey.size)  # libjpeg's YCbCr -> grey output, as torchvision's GRAY
        g = np.asarray(as_grey.convert('L'))
        modes = {'UNCHANGED': decoded if decoded.ndim == 3 else stack(decoded), 'GRAY': stack(g),
                 'RGB': decoded if decoded.ndim == 3 else stack(decoded, decoded, decoded)}
        cases[name] = {'format': 'jpeg', 'modes': {m: enc(v) for m, v in modes.items()}}

    encode.write('images', {'pil_version': Image.__version__, 'cases': {k: cases[k] for k in sorted(cases)}})


if __name__ == '__main__':
    main()

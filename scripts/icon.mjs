// Draws media/icon.png (128 × 128): highlighted token blocks under a lens, in the editor palette's
// light colours on a dark tile. Regenerate with `node scripts/icon.mjs`; no image library needed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const size = 128;
const samples = 4; // supersampling per axis, for smooth edges
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const hex = (text) => [1, 3, 5].map((i) => parseInt(text.slice(i, i + 2), 16));

const roundedBox = (x, y, left, top, right, bottom, radius) => {
  const dx = Math.max(left + radius - x, 0, x - (right - radius));
  const dy = Math.max(top + radius - y, 0, y - (bottom - radius));
  return x >= left && x <= right && y >= top && y <= bottom && dx * dx + dy * dy <= radius * radius;
};

// Token rows: [left, right, colour] per block, as the editor highlights a prompt (token1…token8 light colours).
const rows = [
  [18, [[18, 46, '#FFD8A8'], [49, 66, '#B2F2BB'], [69, 104, '#A5D8FF']]],
  [46, [[18, 38, '#FFC9C9'], [41, 74, '#D0BFFF'], [77, 110, '#FFEC99']]],
  [74, [[18, 52, '#99E9F2'], [55, 70, '#FCC2D7'], [73, 96, '#FFD8A8']]],
];
const lens = { x: 78, y: 70, outer: 30, inner: 23 };

function colourAt(x, y) {
  if (!roundedBox(x, y, 0, 0, size, size, 24)) return undefined;
  const distance = Math.hypot(x - lens.x, y - lens.y);
  // The handle: a thick segment from the ring towards the bottom right.
  const t = ((x - lens.x) + (y - lens.y)) / 2;
  const across = Math.abs((x - lens.x) - (y - lens.y)) / Math.SQRT2;
  if (t > lens.outer * 0.68 && t < lens.outer * 0.68 + 26 && across < 6) return hex('#F8F9FA');
  if (distance <= lens.outer && distance >= lens.inner) return hex('#F8F9FA');
  const magnified = distance < lens.inner;
  for (const [top, blocks] of rows) {
    for (const [left, right, colour] of blocks) {
      if (roundedBox(x, y, left, top, right, top + 20, 5)) {
        const [r, g, b] = hex(colour);
        return magnified ? [r, g, b] : [r * 0.72, g * 0.72, b * 0.72];
      }
    }
  }
  return magnified ? hex('#2B3A5C') : hex('#1B2438');
}

const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) {
  raw[y * (size * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < size; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const colour = colourAt(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples);
        if (!colour) continue;
        colour.forEach((value, i) => (sum[i] += value));
        sum[3] += 255;
      }
    }
    const n = samples * samples;
    const covered = sum[3] / 255;
    const offset = y * (size * 4 + 1) + 1 + x * 4;
    for (let i = 0; i < 3; i++) raw[offset + i] = covered ? Math.round(sum[i] / covered) : 0;
    raw[offset + 3] = Math.round(sum[3] / n);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(path.join(root, 'media', 'icon.png'), png);
console.log(`media/icon.png: ${size} × ${size}, ${png.length} bytes`);

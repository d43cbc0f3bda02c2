import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_ID, PAD_ID } from '../../src/core/data/dataset';
import { decodePacked, encodePacked, toDataset } from '../../src/core/data/packed';
import { decode } from '../../src/core/data/tokenizer';
import { gzipDeterministic } from '../lib/gzip';
import {
  mailText,
  NAMES_CONTEXT,
  packNames,
  packSotu,
  packSpam,
  sotuText,
  SPAM_LENGTH,
} from './text';

/** What the data worker does with a shipped file: gunzip, decode, then train on it. */
function shippedAndLoaded(packed: Parameters<typeof encodePacked>[0]) {
  const decoded = decodePacked(new Uint8Array(gunzipSync(gzipDeterministic(encodePacked(packed)))));
  if (!decoded.ok) throw decoded.error;
  return toDataset(decoded.value);
}

describe('shipped text datasets', () => {
  it('names: each name between boundaries, the next character as the target, padding skipped', () => {
    const data = shippedAndLoaded(packNames().packed);
    if (data.task !== 'sequence') throw new Error(data.task);
    expect(data.inputShape).toEqual([NAMES_CONTEXT]);
    expect(data.n).toBeGreaterThan(7000);
    expect(data.tokenizer.kind).toBe('char');
    const T = NAMES_CONTEXT;
    const words = new Set<string>();
    for (let row = 0; row < data.n; row++) {
      const x = Array.from(data.x.subarray(row * T, (row + 1) * T));
      const y = Array.from(data.targets.subarray(row * T, (row + 1) * T));
      expect(x[0]).toBe(BOUNDARY_ID);
      const end = y.indexOf(BOUNDARY_ID);
      expect(end).toBeGreaterThan(0);
      expect(y.slice(end + 1).every((id) => id === PAD_ID)).toBe(true);
      expect(x.slice(1, end + 1)).toEqual(y.slice(0, end));
      words.add(decode(data.tokenizer, y.slice(0, end)));
    }
    expect(words.has('emma')).toBe(true);
    expect(words.has('oliver')).toBe(true);
    expect(words.size).toBe(data.n);
  });

  it('sotu: windows of 64 characters that read back as the addresses', () => {
    const data = shippedAndLoaded(packSotu().packed);
    if (data.task !== 'sequence') throw new Error(data.task);
    expect(data.inputShape).toEqual([64]);
    const firstTwo = decode(data.tokenizer, data.x.subarray(0, 128));
    expect(sotuText().startsWith(firstTwo)).toBe(true);
    expect(Array.from(data.targets.subarray(0, 63))).toEqual(Array.from(data.x.subarray(1, 64)));
    expect(data.targets[63]).toBe(data.x[64]);
  });

  it('spam: as many spam as ham mails, 64 word ids each, padded in front', () => {
    const { packed, notes } = packSpam();
    const data = shippedAndLoaded(packed);
    if (data.task !== 'classification') throw new Error(data.task);
    expect(data.tokenizer?.kind).toBe('word');
    expect(data.tokenizer?.vocab).toHaveLength(2000);
    expect(data.inputShape).toEqual([SPAM_LENGTH]);
    const spam = data.labels.filter((label) => label === 1).length;
    expect(spam * 2).toBe(data.n);
    expect(packed.header.classNames).toEqual(['ham', 'spam']);
    expect(notes[0]).toMatch(/cut to their start/);
  });

  it('reads a mail without its headers or HTML', () => {
    const raw = 'From: a@b\nSubject: Cheap pills\nX-Y: z\n\n<p>Buy&nbsp;now</p>\n';
    expect(mailText(raw)).toBe('Cheap pills Buy now');
  });

  it('packs the same bytes every time', () => {
    expect(encodePacked(packNames().packed)).toEqual(encodePacked(packNames().packed));
  });
});

/**
 * Which stored datasets the capture page can add examples to: images classified into classes,
 * square (frames are the camera's centre square), gray or RGB bytes. It answers with the frame
 * format new examples must have, or why this dataset cannot take them.
 */
import type { PackedHeader } from '../../core/data/packed';
import { err, ok, type Result } from '../../core/result';
import type { Channels } from '../../core/capture/frame-pixels';

export interface CaptureFormat {
  size: number;
  channels: Channels;
}

export function captureFormatOf(header: PackedHeader): Result<CaptureFormat, string> {
  if (header.kind !== 'image' || header.task !== 'classification' || header.xType !== 'uint8') {
    return err(
      `${header.name} is not a set of images in classes, so examples cannot be added here.`,
    );
  }
  const [height, width, channels] = header.inputShape;
  if (height !== width || (channels !== 1 && channels !== 3) || height === undefined) {
    return err(
      `${header.name} holds ${header.inputShape.join(' x ')} images; the camera and the pad make ` +
        'square gray or RGB ones.',
    );
  }
  return ok({ size: height, channels });
}

/** S3 notifications to upload events: one per object-created record, key URL-decoded. */
import type { S3Event } from 'aws-lambda';
import { decodeS3EventKey } from '../domain/uploadKey.ts';

/** One stored object version to ingest, as the S3 notification describes it. */
export interface UploadEvent {
  bucket: string;
  /** The key as stored (decoded). */
  key: string;
  size?: number;
  etag?: string;
  versionId?: string;
  sequencer?: string;
  /** ISO-8601 (UTC) time S3 stored the object: when the upload counts as received. */
  eventTime: string;
  /** Who uploaded it (userIdentity.principalId of the notification). */
  principalId?: string;
}

/**
 * The object-created records of a notification. Other records (removals, the `s3:TestEvent`
 * S3 sends when a notification is configured) carry no upload and are skipped.
 */
export function uploadEventsFromS3Event(event: S3Event): UploadEvent[] {
  const records = Array.isArray(event.Records) ? event.Records : [];
  return records
    .filter((record) => record.eventSource === 'aws:s3' && record.eventName.startsWith('ObjectCreated:'))
    .map((record) => {
      const object = record.s3.object;
      return {
        bucket: record.s3.bucket.name,
        key: decodeKey(object.key),
        eventTime: new Date(record.eventTime).toISOString(),
        ...(typeof object.size === 'number' ? { size: object.size } : {}),
        ...(object.eTag ? { etag: object.eTag.replace(/^"|"$/g, '') } : {}),
        ...(object.versionId && object.versionId !== 'null' ? { versionId: object.versionId } : {}),
        ...(object.sequencer ? { sequencer: object.sequencer } : {}),
        ...(record.userIdentity?.principalId ? { principalId: record.userIdentity.principalId } : {}),
      };
    });
}

/** S3 always encodes keys well; should one not decode, the raw key is kept and ends up recorded. */
function decodeKey(encoded: string): string {
  try {
    return decodeS3EventKey(encoded);
  } catch {
    return encoded;
  }
}

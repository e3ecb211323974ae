/** Uploads (submissions), current pointers and locks: the state ingest keeps per city and period. */
import type { DataSheetKind, SheetKind } from '../catalogue/sheets.ts';
import type { SheetAggregates } from './records.ts';
import { type SheetStatus, STATUS_TEXT, type UploadStatus } from './validation.ts';

/** An upload from arrival to its validation outcome, or replaced by a later upload of the same sheets. */
export type UploadState = 'received' | UploadStatus | 'superseded' | 'failed';

/** The words of each state, the same in the CLI, the portal and the API. */
export const UPLOAD_STATE_TEXT: Record<UploadState, string> = {
  received: '校验中',
  ...STATUS_TEXT,
  superseded: '已被更新的上传替代',
  failed: '系统处理失败',
};

export interface UploadRecord {
  /** `{eventTime compact}-{hash}`: sortable by arrival and derived from the S3 object version, so a redelivered event maps to the same id. */
  uploadId: string;
  city: string;
  period: string;
  key: string;
  fileName: string;
  bucket: string;
  versionId?: string;
  etag?: string;
  sha256?: string;
  size?: number;
  /** principalId of the S3 event. */
  uploader?: string;
  /** S3 event time, ISO-8601. */
  eventTime: string;
  sequencer?: string;
  status: UploadState;
  sheets: Array<{ kind: SheetKind; name: string; status: SheetStatus; rows: number }>;
  /** Sheet kinds this upload made (or tried to make) current. */
  acceptedKinds: DataSheetKind[];
  /** Sheet kinds for which a later upload is now current. */
  supersededKinds: DataSheetKind[];
  counts: { errors: number; warnings: number };
  late: boolean;
  reportKey?: string;
  annotatedKey?: string;
  /** Set when the content equals the current upload's (与上次报送内容相同). */
  sameAsUploadId?: string;
  /** System failure text when status is `failed`. */
  failure?: string;
  updatedAt: string;
}

/** The outcome fields of an upload that has arrived and not yet been read: nothing accepted, nothing counted. */
export function receivedOutcome(): Pick<
  UploadRecord,
  'status' | 'sheets' | 'acceptedKinds' | 'supersededKinds' | 'counts' | 'late'
> {
  return {
    status: 'received',
    sheets: [],
    acceptedKinds: [],
    supersededKinds: [],
    counts: { errors: 0, warnings: 0 },
    late: false,
  };
}

/** Which upload's data is current for one city, period and sheet kind, with its aggregates. */
export interface CurrentSheet {
  city: string;
  period: string;
  kind: DataSheetKind;
  uploadId: string;
  eventTime: string;
  /** Total order of uploads: `{eventTime}|{sequencer, zero-padded}|{uploadId}`; the larger wins. */
  order: string;
  sha256: string;
  aggregates: SheetAggregates;
  warnings: number;
  /** The first accepted upload time of this sheet kind for the city-period (for on-time status). */
  firstAcceptedAt: string;
}

export interface PeriodLock {
  period: string;
  /** A city code, or `*` for every city. */
  city: string;
  lockedAt: string;
  lockedBy?: string;
  reason?: string;
}

/** Builds the order string; sequencers are hex of varying length, so they are left-padded. */
export function uploadOrder(eventTime: string, sequencer: string | undefined, uploadId: string): string {
  return `${new Date(eventTime).toISOString()}|${(sequencer ?? '').toUpperCase().padStart(32, '0')}|${uploadId}`;
}

/**
 * What the API needs, as ports: the same stores the CLI and the functions use, plus how callers
 * are identified, how they sign in, how an upload is presigned and how a roll-up is started. The
 * Lambda handler (`functions/api.ts`) and `ipstats serve` (`cli/serve/`) each build one.
 */
import type { Identity } from '../domain/identity.ts';
import type { City } from '../domain/registry.ts';
import type {
  AuditTrail,
  DownloadLinks,
  Locks,
  Logger,
  NotificationLog,
  ObjectStore,
  SignInService,
  UploadLog,
  UploadPresigner,
} from '../ports.ts';

/** Finds the caller of a request; throws ApiError UNAUTHENTICATED / TOKEN_* when there is none. */
export type Authenticate = (request: {
  authorization: string | undefined;
  env: unknown;
}) => Promise<Identity>;

export interface RollupRunner {
  /** Completed runs answer with their summaries; on AWS the run is started and answered at once. */
  run(
    periods: readonly string[],
    requestedBy: string,
  ): Promise<{ state: 'completed' | 'started'; results?: unknown[] }>;
}

export interface ApiDeps {
  objects: ObjectStore;
  uploads: UploadLog;
  locks: Locks;
  audit: AuditTrail;
  /** The notifications sent (`GET /api/messages`); without it the route lists none. */
  notifications?: Pick<NotificationLog, 'list'>;
  registry(): Promise<readonly City[]>;
  authenticate: Authenticate;
  /** Local sign-in (`POST /api/session`); absent on AWS, where Cognito signs users in. */
  signIn?: SignInService;
  presigner: UploadPresigner;
  downloads: DownloadLinks;
  rollups: RollupRunner;
  deadlineDays: number;
  maxUploadBytes: number;
  now?: () => Date;
  /** Client address of a request, for the audit trail and the sign-in limiter. */
  sourceOf?: (env: unknown, request: Request) => string;
  log?: Pick<Logger, 'error'>;
}

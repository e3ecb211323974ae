/**
 * Fixed names shared by both stacks. The stateless stack reaches the bucket and the table by these
 * names rather than through cross-stack references, so the stateful stack exports nothing and can
 * never be blocked (or replaced) by a change on the code side. One ipstats per account and region:
 * the stack names are part of the CLI contract anyway.
 *
 * Naming the stateful resources also makes an accidental replacement fail loudly instead of
 * silently creating an empty bucket or table next to the retained one.
 */
import { Aws } from 'aws-cdk-lib';

export const STACK_NAMES = { stateful: 'IpstatsStateful', stateless: 'IpstatsStateless' } as const;

/** Globally unique through the account id and region (S3 bucket names are global). */
export const dataBucketName = (): string => `ipstats-data-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

export const TABLE_NAME = 'ipstats';

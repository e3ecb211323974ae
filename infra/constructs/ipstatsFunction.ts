/**
 * One ipstats Lambda function with everything the project requires of each: Node.js 22 on arm64,
 * an explicit memory size and timeout, X-Ray tracing, its own log group with retention, a role
 * that can write only to that log group (plus whatever the caller grants), an on-failure queue for
 * asynchronous invocations, and alarms on errors, throttles, near-timeout durations and failed
 * events. A function that is only invoked synchronously (the API, behind API Gateway) has no
 * retries and no failure queue: its caller gets the error, so there is no event to park.
 *
 * Bundling runs esbuild locally at synth (the project's esbuild devDependency, called from the
 * asset's local bundling hook; no Docker, no shell), into one minified, tree-shaken ES module with
 * a linked source map, plus the chart files when the code draws charts, as `infra/bundling.ts`
 * defines it (the AWS SDK comes from the runtime).
 */
import { AssetHashType, DockerImage, type Duration, type ILocalBundling, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { buildFunctionBundle } from '../bundling.ts';
import { DeadLetterQueue, failuresWaitingAlarm } from './deadLetterQueue.ts';
import { ALARM_PERIOD, type Monitoring } from './monitoring.ts';

export interface IpstatsFunctionProps {
  /** Absolute path of the TypeScript handler module (exports `handler`). */
  entry: string;
  /** Directory holding package.json (and the generated chart files). */
  projectRoot: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  /** Application environment; NODE_OPTIONS for source maps is added here. */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  reservedConcurrentExecutions?: number;
  /**
   * Lambda's own retries of a failed asynchronous event, and how long an event may wait in total;
   * with them, an on-failure queue. Absent for a function invoked only synchronously.
   */
  asyncRetries?: { retryAttempts: number; maxEventAge: Duration };
  monitoring: Monitoring;
}

/** A run lasting longer than this share of the timeout raises the duration alarm. */
export const NEAR_TIMEOUT_RATIO = 0.8;

/** Lets ES-module bundles load the CommonJS dependencies (exceljs, papaparse …) esbuild wraps. */
export class IpstatsFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /**
   * Events that failed every attempt (Lambda on-failure destination; EventBridge targets use it
   * too); only for a function invoked asynchronously.
   */
  readonly failureQueue: sqs.Queue | undefined;

  constructor(scope: Construct, id: string, props: IpstatsFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);
    const retries = props.asyncRetries;
    this.failureQueue = retries
      ? new DeadLetterQueue(this, 'Failures', { purpose: `the ${id} function's asynchronous invocations` })
          .queue
      : undefined;

    this.function = new lambda.Function(this, 'Function', {
      code: functionCode(props.entry, props.projectRoot),
      handler: 'index.handler', // the `handler` export of BUNDLE_FILE (index.mjs)
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      ...(this.failureQueue && retries
        ? {
            onFailure: new destinations.SqsDestination(this.failureQueue),
            retryAttempts: retries.retryAttempts,
            maxEventAge: retries.maxEventAge,
          }
        : {}),
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });
    const dlqReason = this.failureQueue
      ? 'Failed asynchronous events go to the on-failure destination (failureQueue), whose record also carries the error and the request context; a DeadLetterConfig on top would deliver every failed event twice.'
      : 'Invoked only synchronously (API Gateway waits for the answer): Lambda does not retry it and the caller receives the error, so there is no failed event to keep in a queue.';
    Validations.of(this.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason: dlqReason });
    const runtimeReason =
      'Pinned to nodejs22.x on purpose: the bundle targets node22 and the project is developed and tested on Node 20/22; moving to a newer runtime is a deliberate upgrade together with the CI matrix.';
    Validations.of(this.function).acknowledge({ id: 'AwsSolutions-L1', reason: runtimeReason });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaLatestVersion',
      reason: runtimeReason,
    });

    this.addAlarms(props);
  }

  private addAlarms(props: IpstatsFunctionProps): void {
    const fn = this.function;
    const alarms = [
      new cloudwatch.Alarm(this, 'ErrorsAlarm', {
        alarmDescription: `${props.description}：函数报错（调用失败，将重试或进入失败队列）`,
        metric: fn.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'ThrottlesAlarm', {
        alarmDescription: `${props.description}：调用被限流（异步事件会排队重试；持续出现应提高预留并发）`,
        metric: fn.metricThrottles({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'DurationAlarm', {
        alarmDescription: `${props.description}：运行时间接近超时（超过 ${NEAR_TIMEOUT_RATIO * 100}%）`,
        metric: fn.metricDuration({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: props.timeout.toMilliseconds() * NEAR_TIMEOUT_RATIO,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    if (this.failureQueue)
      alarms.push(
        failuresWaitingAlarm(
          this,
          'FailedEventsAlarm',
          this.failureQueue,
          `${props.description}：失败队列中有未处理的事件（所有重试均失败），需人工检查并重放`,
        ),
      );
    for (const alarm of alarms) props.monitoring.notify(alarm);
  }
}

/**
 * Local bundling (`buildFunctionBundle`), run by the asset at synth. A class rather than an object
 * literal: the CDK keys its cache of staged assets on the JSON of the bundling options, where a
 * function does not show, so `entry` must be a field or every function would get the first
 * function's bundle.
 */
class LocalFunctionBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly projectRoot: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    buildFunctionBundle(this.entry, outputDir, this.projectRoot);
    return true;
  }
}

/**
 * The function's code: the project bundled locally at synth. The asset hash is that of the output,
 * so an unchanged bundle is not uploaded again. The Docker image is never used (local bundling
 * succeeds or throws); the CDK requires one.
 */
function functionCode(entry: string, projectRoot: string): lambda.Code {
  return lambda.Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      local: new LocalFunctionBundling(entry, projectRoot),
    },
  });
}

/** The failure queue of a function invoked asynchronously (a schedule's target needs one). */
export function failureQueueOf(fn: IpstatsFunction): sqs.Queue {
  if (!fn.failureQueue)
    throw new Error(`${fn.node.path} has no failure queue: give it asyncRetries to invoke it asynchronously`);
  return fn.failureQueue;
}

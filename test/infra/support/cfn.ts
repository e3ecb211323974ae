/**
 * Reading synthesized CloudFormation in tests: intrinsic values flattened into readable strings
 * (`Ref X` → `{X}`, `GetAtt X.Arn` → `{X.Arn}`, `Fn::Join` joined) and IAM statements collected
 * per role and keyed by Sid.
 */
import type { Template } from 'aws-cdk-lib/assertions';

type Json = unknown;

/** An IAM policy variable as it appears in a policy (`${aws:PrincipalTag/cityCode}`). */
export const policyVariable = (name: string): string => ['$', `{${name}}`].join('');

export function flatten(value: Json): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const node = value as Record<string, Json>;
    if ('Ref' in node) return `{${String(node.Ref)}}`;
    if ('Fn::GetAtt' in node) return `{${(node['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, Json[]];
      return parts.map(flatten).join(separator);
    }
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function normaliseStatement(raw: Record<string, Json>): Statement {
  return {
    ...(raw.Sid ? { Sid: raw.Sid as string } : {}),
    Effect: raw.Effect as 'Allow' | 'Deny',
    Action: asList(raw.Action as string | string[]).sort(),
    Resource: asList(raw.Resource).map(flatten).sort(),
    ...(raw.Condition ? { Condition: raw.Condition as Statement['Condition'] } : {}),
  };
}

/** The logical id of the one resource of `type` whose logical id starts with `prefix`. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}

/** Every statement of the identity policies attached to the role, by Sid (unnamed ones under `#n`). */
export function roleStatements(template: Template, roleLogicalId: string): Record<string, Statement> {
  const policies = template.findResources('AWS::IAM::Policy');
  const statements: Record<string, Statement> = {};
  let unnamed = 0;
  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles as Array<{ Ref: string }>).map((role) => role.Ref);
    if (!roles.includes(roleLogicalId)) continue;
    for (const raw of policy.Properties.PolicyDocument.Statement as Array<Record<string, Json>>) {
      const statement = normaliseStatement(raw);
      statements[statement.Sid ?? `#${unnamed++}`] = statement;
    }
  }
  return statements;
}

/** The role's trust policy statements. */
export function trustStatements(template: Template, roleLogicalId: string): Array<Record<string, Json>> {
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  if (!role) throw new Error(`no role ${roleLogicalId}`);
  return role.Properties.AssumeRolePolicyDocument.Statement as Array<Record<string, Json>>;
}

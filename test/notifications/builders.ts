/** Typed builders for notification tests: cities with contacts, reports, messages. */
import type { NotificationRecipients } from '#shared/domain/contacts.ts';
import type { OutgoingMessage } from '#shared/domain/notification.ts';
import { type City, DEFAULT_REGISTRY, findCity } from '#shared/domain/registry.ts';
import type { ValidationIssue, ValidationReport } from '#shared/domain/validation.ts';
import { uploadResultMessage } from '#shared/notifications/messages.ts';

export function aCity(code = '440300', overrides: Partial<City> = {}): City {
  const city = findCity(DEFAULT_REGISTRY, code) as City;
  return {
    ...city,
    contacts: [{ name: `${city.name}统计联络员`, email: `stats-${code}@example.org` }],
    ...overrides,
  };
}

export function anIssue(overrides: Partial<ValidationIssue> = {}): ValidationIssue {
  return {
    severity: 'error',
    code: 'VALUE_NEGATIVE',
    sheet: '核心指标',
    row: 7,
    column: '本期值',
    cell: 'C7',
    value: '-5',
    message: '数值不能为负数',
    ...overrides,
  };
}

export function aReport(overrides: Partial<ValidationReport> = {}): ValidationReport {
  return {
    uploadId: '20241005T020304Z-aaaaaaaaaaaa',
    city: '440300',
    period: '2024Q3',
    file: '深圳市2024Q3.xlsx',
    status: 'rejected',
    sheets: [{ kind: 'core', name: '核心指标', status: 'rejected', rows: 31 }],
    issues: [anIssue()],
    counts: { errors: 1, warnings: 0 },
    receivedAt: '2024-10-05T02:03:04.000Z',
    late: false,
    ...overrides,
  };
}

export function anUploadResult(report: ValidationReport = aReport(), city: City = aCity()): OutgoingMessage {
  return uploadResultMessage({
    city,
    upload: {
      uploadId: report.uploadId,
      period: report.period,
      fileName: report.file,
      receivedAt: report.receivedAt ?? '2024-10-05T02:03:04.000Z',
      status: report.status === 'rejected' ? 'rejected' : 'accepted',
    },
    report,
    deadline: new Date('2024-10-15T15:59:59.999Z'),
    annotatedKey: `results/${city.code}/${report.period}/${report.uploadId}.xlsx`,
  });
}

export function someRecipients(): NotificationRecipients {
  return {
    analysts: [{ name: '分析组', email: 'analysts@example.org' }],
    provinces: [
      {
        code: '440000',
        name: '广东省知识产权局',
        contacts: [{ name: '广东运营处', email: 'gd@example.org' }],
      },
    ],
  };
}

/**
 * `GET /api/template?period=&city=`: the template workbook, pre-filled for the caller's city.
 *
 * The workbook builder (and exceljs with its zip, stream and promise libraries, some 500 KB of the
 * API bundle) is imported by the first template request, not with the API: a template is fetched
 * a few times a quarter per city, while every cold start of the API answers sign-ins and lists,
 * which never need it. That first request pays about 40–60 ms more (docs/benchmarks.md).
 */
import type { RouteModule } from '../app.ts';
import { ApiError } from '../errors.ts';
import { callerOf, contentTypeOf, parsePeriodParam, readableCities } from '../http.ts';

export const registerTemplate: RouteModule = (app, deps) => {
  app.get('/template', async (c) => {
    const identity = callerOf(c);
    const period = parsePeriodParam(c.req.query('period'), 'quarter');
    const registry = await deps.registry();
    const requested = identity.role === 'city' ? identity.city : c.req.query('city') || undefined;
    if (requested && identity.role !== 'city') readableCities(identity, registry, requested);
    if (requested && identity.role === 'city' && c.req.query('city') && c.req.query('city') !== requested)
      throw new ApiError('FORBIDDEN');
    const { buildTemplateWorkbook, TemplateError } = await import('../../template/buildTemplate.ts');
    const workbook = await buildTemplateWorkbook({
      registry,
      deadlineDays: deps.deadlineDays,
      ...(requested ? { city: requested } : {}),
      ...(period ? { period: period.code } : {}),
    }).catch((error: unknown) => {
      if (error instanceof TemplateError) throw new ApiError('UNKNOWN_CITY', error.message, { cause: error });
      throw error;
    });
    const fileName = `${['填报模板', requested, period?.code].filter(Boolean).join('-')}.xlsx`;
    return new Response(new Uint8Array(workbook), {
      headers: {
        'Content-Type': contentTypeOf(fileName),
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        'Cache-Control': 'no-store',
      },
    });
  });
};

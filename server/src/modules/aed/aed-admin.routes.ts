// HTTP routes of the AED registry for staff: devices, guardians, hours, Excel import/export, upkeep, telemetry.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { readUpload } from '../../platform/files/upload';
import { importViewSchema } from '../../platform/imports/imports.schemas';
import {
  aedListQuerySchema,
  aedPageSchema,
  aedStatsQuerySchema,
  aedStatsSchema,
  aedStatusChangeSchema,
  aedViewSchema,
  closeTaskSchema,
  confirmPadsSchema,
  createAedSchema,
  deviceKeyViewSchema,
  dueWorkQuerySchema,
  exportQuerySchema,
  heartbeatSchema,
  idParamsSchema,
  importParamsSchema,
  recordInspectionSchema,
  reportUsageSchema,
  selfTestSchema,
  taskListSchema,
  taskParamsSchema,
  telemetryAckSchema,
  updateAedSchema,
} from './aed.schemas';
import * as excel from './aed-excel';
import { aedStats } from './aed-health';
import * as registry from './aed-registry';
import * as telemetry from './aed-telemetry';
import * as upkeep from './aed-upkeep';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['aed'];
const view = { access: { permission: 'aed:view' as const } };
const manage = { access: { permission: 'aed:manage' as const } };
/** Devices report every few minutes; a gateway behind one address may carry many devices. */
const deviceLimit = { max: 600, timeWindow: '1 minute' };

export const aedAdminRoutes =
  ({ db }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- registry
    app.get(
      '/aed/devices',
      {
        config: view,
        schema: {
          tags,
          summary: 'Devices in my scope (unit subtree, status, text, due soon)',
          querystring: aedListQuerySchema,
          response: { 200: aedPageSchema, ...errors },
        },
      },
      (req) => registry.listAeds(db, req.ctx, req.query),
    );
    app.post(
      '/aed/devices',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Register a device (WGS-84 or GCJ-02 point, hours, guardians); gets its code AED-<admin code>-<seq>',
          body: createAedSchema,
          response: { 201: aedViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await registry.createAed(db, req.ctx, req.body)),
    );
    app.get(
      '/aed/devices/export.xlsx',
      {
        config: view,
        schema: {
          tags,
          summary: 'The registry in Excel (import columns)',
          querystring: exportQuerySchema,
        },
      },
      async (req, reply) =>
        sendWorkbook(reply, await excel.exportRegistry(db, req.ctx, req.query), 'aed-registry.xlsx', 'AED登记.xlsx'),
    );
    app.get(
      '/aed/devices/template.xlsx',
      { config: manage, schema: { tags, summary: 'The Excel template of the registry import' } },
      async (_req, reply) =>
        sendWorkbook(reply, await excel.buildTemplate(), 'aed-registry-template.xlsx', 'AED登记导入模板.xlsx'),
    );
    app.post(
      '/aed/devices/imports',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Upload a registry workbook (multipart field "file"): bad rows are listed and nothing is imported',
          consumes: ['multipart/form-data'],
          response: { 202: importViewSchema, ...errors, ...errorResponses(413, 415) },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(202).send(await excel.uploadRegistry(db, req.ctx, file));
      },
    );
    app.get(
      '/aed/devices/imports/:importId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Progress of a registry upload',
          params: importParamsSchema,
          response: { 200: importViewSchema, ...errors },
        },
      },
      (req) => excel.getRegistryImport(db, req.ctx, req.params.importId),
    );
    app.get(
      '/aed/devices/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A device with guardians, tasks, inspections, self-tests and usage reports',
          params: idParamsSchema,
          response: { 200: aedViewSchema, ...errors },
        },
      },
      (req) => registry.viewAed(db, req.ctx, req.params.id),
    );
    app.patch(
      '/aed/devices/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Edit a device (new expiry dates close the expiry tasks; guardians replace the list)',
          params: idParamsSchema,
          body: updateAedSchema,
          response: { 200: aedViewSchema, ...errors },
        },
      },
      (req) => registry.updateAed(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/aed/devices/:id/status',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change status with a reason (ready ⇄ needs_service ⇄ out_of_service; any → removed, final)',
          params: idParamsSchema,
          body: aedStatusChangeSchema,
          response: { 200: aedViewSchema, ...errors },
        },
      },
      (req) => registry.changeStatus(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- upkeep
    app.post(
      '/aed/devices/:id/inspections',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record an inspection; a failed critical item turns the device needs_service and raises a task',
          params: idParamsSchema,
          body: recordInspectionSchema,
          response: { 201: aedViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await upkeep.recordInspection(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/aed/devices/:id/tasks/:taskId/close',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Close an open task by hand, with a note',
          params: taskParamsSchema,
          body: closeTaskSchema,
          response: { 200: aedViewSchema, ...errors },
        },
      },
      (req) => upkeep.closeTaskByHand(db, req.ctx, req.params.id, req.params.taskId, req.body.note),
    );
    app.post(
      '/aed/devices/:id/usages',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Report a use in a rescue: the device goes out of service until new pads are confirmed',
          params: idParamsSchema,
          body: reportUsageSchema,
          response: { 201: aedViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await upkeep.reportUsage(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/aed/devices/:id/pads-confirmation',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary:
            'A guardian (signed in by phone) or staff confirm new pads after a rescue: the device is ready again',
          params: idParamsSchema,
          body: confirmPadsSchema,
          response: { 200: telemetryAckSchema.pick({ status: true }).extend({ code: z.string() }), ...errors },
        },
      },
      (req) => upkeep.confirmPads(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/aed/due-work',
      {
        config: view,
        schema: {
          tags,
          summary: 'Open tasks due within N days (default 7: which devices need a visit this week), overdue first',
          querystring: dueWorkQuerySchema,
          response: { 200: taskListSchema, ...errors },
        },
      },
      (req) => upkeep.listDueWork(db, req.ctx, req.query),
    );
    app.get(
      '/aed/stats',
      {
        config: view,
        schema: {
          tags,
          summary: 'Device health per child unit, and AEDs per 100,000 inhabitants',
          querystring: aedStatsQuerySchema,
          response: { 200: aedStatsSchema, ...errors },
        },
      },
      (req) => aedStats(db, req.ctx, req.query),
    );

    // -------------------------------------------------------------------------------------------- telemetry
    app.post(
      '/aed/devices/:id/device-key',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Issue the device’s telemetry key (shown once; re-issuing revokes the old one)',
          params: idParamsSchema,
          response: { 201: deviceKeyViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await telemetry.issueDeviceKey(db, req.ctx, req.params.id)),
    );
    app.post(
      '/aed/telemetry/heartbeat',
      {
        config: { access: 'public', rateLimit: deviceLimit },
        schema: {
          tags: ['aed (devices)'],
          summary: 'A device heartbeat (Authorization: Bearer <deviceCode>.<secret>); status fault raises a task',
          body: heartbeatSchema,
          response: { 200: telemetryAckSchema, ...errors },
        },
      },
      (req) => telemetry.heartbeat(db, req.ctx, req.headers.authorization, req.body),
    );
    app.post(
      '/aed/telemetry/self-test',
      {
        config: { access: 'public', rateLimit: deviceLimit },
        schema: {
          tags: ['aed (devices)'],
          summary: 'A device self-test result (kept in the history); a failure raises a task',
          body: selfTestSchema,
          response: { 200: telemetryAckSchema, ...errors },
        },
      },
      (req) => telemetry.selfTest(db, req.ctx, req.headers.authorization, req.body),
    );
  };

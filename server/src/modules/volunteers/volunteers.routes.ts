// HTTP routes of the volunteers module: registration, teams, activities, QR check-in/out, hours, certificates,
// statistics and exports. Each handler is one service call.

import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import {
  activityListQuerySchema,
  activityPageSchema,
  activityViewSchema,
  approveHoursSchema,
  approveResultSchema,
  attendanceSchema,
  certificateVerifySchema,
  checkInResultSchema,
  checkInSchema,
  checkinQrSchema,
  correctHoursSchema,
  createActivitySchema,
  createTeamSchema,
  decideVolunteerSchema,
  exportQuerySchema,
  myRecordSchema,
  orgQuerySchema,
  periodQuerySchema,
  publicActivitySchema,
  registerByStaffSchema,
  registerSelfSchema,
  settingsSchema,
  signupResultSchema,
  statsQuerySchema,
  statsSchema,
  teamMemberInputSchema,
  teamViewSchema,
  volunteerListQuerySchema,
  volunteerPageSchema,
  volunteerViewSchema,
} from './volunteers.schemas';
import * as volunteers from './volunteers.service';
import * as activities from './volunteers-activities';
import * as hours from './volunteers-hours';
import * as reports from './volunteers-reports';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['volunteers'];
const publicTags = ['volunteers (public)'];
const view = { access: { permission: 'volunteers:view' as const } };
const manage = { access: { permission: 'volunteers:manage' as const } };
const idParams = z.object({ id: z.uuid() });
const lang = z.object({ lang: z.string().max(20).optional() });
const publicRead = { max: 120, timeWindow: '1 minute' };

const pdfHeaders = (name: string) => ({
  'content-type': 'application/pdf',
  'content-disposition': `inline; filename="${name}"`,
});

export const volunteersRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    /** The site's origin for QR codes: the configured public URL, else the one the request came to. */
    const originOf = (req: FastifyRequest) => publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;

    // ------------------------------------------------------------------------------------------ public (phone)

    app.get(
      '/volunteers/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: "The signed-in person's volunteer registration (null when none)",
          querystring: lang,
          response: { 200: volunteerViewSchema.nullable(), ...errors },
        },
      },
      (req) => volunteers.viewMyRegistration(db, req.ctx),
    );

    app.post(
      '/volunteers/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary:
            'Register as a volunteer of a unit (skills, languages, availability, emergency contact; a guardian’s consent under 18); pending until staff approve',
          body: registerSelfSchema,
          response: { 201: volunteerViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await volunteers.registerSelf(db, req.ctx, req.body)),
    );

    app.get(
      '/volunteers/me/record',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My service record: approved hours per activity and year, sign-ups and check-ins',
          querystring: lang,
          response: { 200: myRecordSchema, ...errors },
        },
      },
      (req) => hours.viewMyRecord(db, req.ctx),
    );

    app.get(
      '/volunteers/me/certificate.pdf',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My certificate of service hours (志愿服务证明, PDF with a verification QR) for a period',
          querystring: periodQuerySchema,
        },
      },
      async (req, reply) => {
        const { pdf, code } = await hours.issueMyCertificate(db, req.ctx, req.query, originOf(req));
        return reply.headers(pdfHeaders(`${code}.pdf`)).send(pdf);
      },
    );

    app.get(
      '/volunteers/open-activities',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Published activities that have not ended, soonest first (with my sign-up when signed in)',
          querystring: lang,
          response: { 200: z.array(publicActivitySchema), ...errors },
        },
      },
      (req) => activities.listOpenActivities(db, req.ctx),
    );

    app.get(
      '/volunteers/open-activities/:id',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'A published activity',
          params: idParams,
          querystring: lang,
          response: { 200: publicActivitySchema, ...errors },
        },
      },
      (req) => activities.viewPublicActivity(db, req.ctx, req.params.id),
    );

    app.post(
      '/volunteers/open-activities/:id/signup',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Sign up (confirmed while places are left, else waitlisted; never over-booked)',
          params: idParams,
          response: { 200: signupResultSchema, ...errors },
        },
      },
      (req) => activities.signUp(db, req.ctx, req.params.id),
    );

    app.post(
      '/volunteers/open-activities/:id/cancel',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Cancel my sign-up (the first on the waitlist moves up)',
          params: idParams,
          response: { 200: signupResultSchema, ...errors },
        },
      },
      (req) => activities.cancelSignUp(db, req.ctx, req.params.id),
    );

    for (const kind of ['in', 'out'] as const) {
      app.post(
        `/volunteers/open-activities/:id/check-${kind}`,
        {
          config: { access: 'signed-in' },
          schema: {
            tags: publicTags,
            summary:
              kind === 'in'
                ? 'Check in on site with the code of the coordinator’s QR (this or the previous minute) and the phone’s position'
                : 'Check out on site with the code of the coordinator’s QR and the phone’s position',
            params: idParams,
            body: checkInSchema,
            response: { 200: checkInResultSchema, ...errors },
          },
        },
        (req) => activities.checkInOrOut(db, req.ctx, req.params.id, kind, req.body),
      );
    }

    app.get(
      '/volunteers/certificates/:code',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Verify a certificate of service hours by its code (masked name, period, certified hours)',
          params: z.object({ code: z.string().min(4).max(40) }),
          querystring: lang,
          response: { 200: certificateVerifySchema, ...errors },
        },
      },
      (req) => hours.verifyCertificate(db, req.params.code),
    );

    // ------------------------------------------------------------------------------------------ staff: volunteers

    app.get(
      '/volunteers',
      {
        config: view,
        schema: {
          tags,
          summary: 'Volunteers of units in my scope (by unit, status, name or number)',
          querystring: volunteerListQuerySchema,
          response: { 200: volunteerPageSchema, ...errors },
        },
      },
      (req) => volunteers.listVolunteers(db, req.ctx, req.query),
    );

    app.post(
      '/volunteers',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Register someone as a volunteer of a unit (approved at once with a volunteer number)',
          body: registerByStaffSchema,
          response: { 201: volunteerViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await volunteers.registerByStaff(db, req.ctx, req.body)),
    );

    app.get(
      '/volunteers/settings',
      {
        config: view,
        schema: {
          tags,
          summary: 'The hours a year for full registration at a unit (its own, an ancestor’s, or 20)',
          querystring: orgQuerySchema,
          response: { 200: settingsSchema, ...errors },
        },
      },
      (req) => volunteers.viewSettings(db, req.ctx, req.query.orgId),
    );

    app.put(
      '/volunteers/settings',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Set the hours a year for full registration at a unit (for its subtree)',
          body: settingsSchema,
          response: { 200: settingsSchema, ...errors },
        },
      },
      (req) => volunteers.updateSettings(db, req.ctx, req.body),
    );

    app.get(
      '/volunteers/stats',
      {
        config: view,
        schema: {
          tags,
          summary: 'Activities, sign-ups, check-ins, attendances and approved hours per child unit and month',
          querystring: statsQuerySchema,
          response: { 200: statsSchema, ...errors },
        },
      },
      (req) => reports.volunteerStats(db, req.ctx, req.query),
    );

    app.get(
      '/volunteers/export/volunteers.xlsx',
      {
        config: view,
        schema: {
          tags,
          summary: 'Volunteers of a unit’s subtree in the national volunteer system’s layout (Excel)',
          querystring: exportQuerySchema,
        },
      },
      async (req, reply) =>
        sendWorkbook(
          reply,
          await reports.exportVolunteers(db, req.ctx, req.query.orgId),
          `volunteers-${toChinaDate()}.xlsx`,
          `志愿者信息-${toChinaDate()}.xlsx`,
        ),
    );

    app.get(
      '/volunteers/export/records.xlsx',
      {
        config: view,
        schema: {
          tags,
          summary: 'Approved service records of a unit’s subtree in a period, in the national system’s layout (Excel)',
          querystring: exportQuerySchema,
        },
      },
      async (req, reply) =>
        sendWorkbook(
          reply,
          await reports.exportRecords(db, req.ctx, req.query),
          `volunteer-records-${toChinaDate()}.xlsx`,
          `志愿服务记录-${toChinaDate()}.xlsx`,
        ),
    );

    app.get(
      '/volunteers/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A volunteer (masked contacts, hours this year, full-registration status)',
          params: idParams,
          querystring: lang,
          response: { 200: volunteerViewSchema, ...errors },
        },
      },
      (req) => volunteers.viewVolunteer(db, req.ctx, req.params.id),
    );

    app.post(
      '/volunteers/:id/decision',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Approve (with a volunteer number) or reject a pending registration',
          params: idParams,
          body: decideVolunteerSchema,
          response: { 200: volunteerViewSchema, ...errors },
        },
      },
      (req) => volunteers.decideVolunteer(db, req.ctx, req.params.id, req.body),
    );

    app.get(
      '/volunteers/:id/record',
      {
        config: view,
        schema: {
          tags,
          summary: 'A volunteer’s service record',
          params: idParams,
          querystring: lang,
          response: { 200: myRecordSchema, ...errors },
        },
      },
      (req) => hours.viewVolunteerRecord(db, req.ctx, req.params.id),
    );

    app.get(
      '/volunteers/:id/certificate.pdf',
      {
        config: view,
        schema: {
          tags,
          summary: 'Issue a volunteer’s certificate of service hours for a period (PDF with a verification QR)',
          params: idParams,
          querystring: periodQuerySchema,
        },
      },
      async (req, reply) => {
        const { pdf, code } = await hours.issueVolunteerCertificate(
          db,
          req.ctx,
          req.params.id,
          req.query,
          originOf(req),
        );
        return reply.headers(pdfHeaders(`${code}.pdf`)).send(pdf);
      },
    );

    // ------------------------------------------------------------------------------------------ staff: teams

    app.get(
      '/volunteer-teams',
      {
        config: view,
        schema: {
          tags,
          summary: 'Teams (志愿服务队) of a unit’s subtree with leaders and members',
          querystring: orgQuerySchema,
          response: { 200: z.array(teamViewSchema), ...errors },
        },
      },
      (req) => volunteers.listTeams(db, req.ctx, req.query.orgId),
    );

    app.post(
      '/volunteer-teams',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a team under a unit',
          body: createTeamSchema,
          response: { 201: teamViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await volunteers.createTeam(db, req.ctx, req.body)),
    );

    app.post(
      '/volunteer-teams/:id/members',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add an approved volunteer to a team as leader or member (or change the role)',
          params: idParams,
          body: teamMemberInputSchema,
          response: { 200: teamViewSchema, ...errors },
        },
      },
      (req) => volunteers.setTeamMember(db, req.ctx, req.params.id, req.body),
    );

    app.delete(
      '/volunteer-teams/:id/members/:volunteerId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a volunteer from a team',
          params: z.object({ id: z.uuid(), volunteerId: z.uuid() }),
          response: { 200: teamViewSchema, ...errors },
        },
      },
      (req) => volunteers.removeTeamMember(db, req.ctx, req.params.id, req.params.volunteerId),
    );

    // ------------------------------------------------------------------------------------------ staff: activities

    app.get(
      '/volunteer-activities',
      {
        config: view,
        schema: {
          tags,
          summary: 'Activities of units in my scope, newest first',
          querystring: activityListQuerySchema,
          response: { 200: activityPageSchema, ...errors },
        },
      },
      (req) => activities.listActivities(db, req.ctx, req.query),
    );

    app.post(
      '/volunteer-activities',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Create an activity (time, place with position and geofence, capacity, skills, walk-ins, check-in window), optionally published',
          body: createActivitySchema,
          response: { 201: activityViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await activities.createActivity(db, req.ctx, req.body)),
    );

    app.get(
      '/volunteer-activities/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'An activity',
          params: idParams,
          querystring: lang,
          response: { 200: activityViewSchema, ...errors },
        },
      },
      (req) => activities.viewActivity(db, req.ctx, req.params.id),
    );

    for (const to of ['published', 'cancelled'] as const) {
      app.post(
        `/volunteer-activities/:id/${to === 'published' ? 'publish' : 'cancel'}`,
        {
          config: manage,
          schema: {
            tags,
            summary: to === 'published' ? 'Publish a draft activity' : 'Cancel an activity',
            params: idParams,
            response: { 200: activityViewSchema, ...errors },
          },
        },
        (req) => activities.setActivityStatus(db, req.ctx, req.params.id, to),
      );
    }

    app.get(
      '/volunteer-activities/:id/qr',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'The on-site check-in QR for this minute (the coordinator’s screen refreshes it; the previous minute’s code stays valid one more minute)',
          params: idParams,
          querystring: lang,
          response: { 200: checkinQrSchema, ...errors },
        },
      },
      (req) => activities.currentQr(db, req.ctx, req.params.id, originOf(req)),
    );

    app.get(
      '/volunteer-activities/:id/attendance',
      {
        config: view,
        schema: {
          tags,
          summary: 'Sign-ups, check-ins and check-outs with computed and approved minutes (missing check-outs flagged)',
          params: idParams,
          querystring: lang,
          response: { 200: attendanceSchema, ...errors },
        },
      },
      (req) => hours.viewAttendance(db, req.ctx, req.params.id),
    );

    app.post(
      '/volunteer-activities/:id/hours/approve',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Approve hours from check-in/out (bulk); time overlapping another activity refuses the batch',
          params: idParams,
          body: approveHoursSchema,
          response: { 200: approveResultSchema, ...errors },
        },
      },
      (req) => hours.approveHours(db, req.ctx, req.params.id, req.body),
    );

    app.post(
      '/volunteer-activities/:id/hours/correct',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Correct (or set) a volunteer’s served time at the activity, with a reason (audited)',
          params: idParams,
          body: correctHoursSchema,
          response: { 200: z.object({ recordId: z.uuid(), minutes: z.number().int() }), ...errors },
        },
      },
      (req) => hours.correctHours(db, req.ctx, req.params.id, req.body),
    );
  };

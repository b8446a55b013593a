// HTTP routes of the rescue module: teams, members and certifications, equipment and inspections, deployments (出动)
// step by step, training sessions, statistics and their Excel export. rescue:view reads, rescue:manage writes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import {
  addCertificationSchema,
  addEquipmentSchema,
  addMemberSchema,
  advanceDeploymentSchema,
  callOutSchema,
  certificationViewSchema,
  createTeamSchema,
  deploymentListQuerySchema,
  deploymentListSchema,
  deploymentReportSchema,
  deploymentViewSchema,
  dispatchMembersSchema,
  equipmentViewSchema,
  idParamsSchema,
  memberInDeploymentParamsSchema,
  memberListQuerySchema,
  memberTimesSchema,
  memberViewSchema,
  recordInspectionSchema,
  recordTrainingSchema,
  statsQuerySchema,
  statsViewSchema,
  teamListQuerySchema,
  teamParamsSchema,
  teamProfileSchema,
  teamViewSchema,
  trainingViewSchema,
  updateEquipmentSchema,
  updateMemberSchema,
} from './rescue.schemas';
import * as rescue from './rescue.service';
import { exportRescueStats, rescueStats } from './rescue-stats';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['rescue'];
const view = { access: { permission: 'rescue:view' as const } };
const manage = { access: { permission: 'rescue:manage' as const } };

export const rescueRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    void publicUrl;
    // -------------------------------------------------------------------------------------------- teams
    app.get(
      '/rescue/teams',
      {
        config: view,
        schema: {
          tags,
          summary: 'Rescue teams in scope (units with a rescue profile), with leaders and counts',
          querystring: teamListQuerySchema,
          response: { 200: z.array(teamViewSchema), ...errors },
        },
      },
      (req) => rescue.listTeams(db, req.ctx, req.query),
    );
    app.post(
      '/rescue/teams',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a team: a rescue_team unit under a branch and its rescue profile',
          body: createTeamSchema,
          response: { 201: teamViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rescue.createTeam(db, req.ctx, req.body)),
    );
    app.get(
      '/rescue/teams/:orgId',
      {
        config: view,
        schema: { tags, summary: 'One team', params: teamParamsSchema, response: { 200: teamViewSchema, ...errors } },
      },
      (req) => rescue.viewTeam(db, req.ctx, req.params.orgId),
    );
    app.put(
      '/rescue/teams/:orgId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Set the rescue profile of a rescue_team unit (speciality, provincial registration, base, contact)',
          params: teamParamsSchema,
          body: teamProfileSchema,
          response: { 200: teamViewSchema, ...errors },
        },
      },
      (req) => rescue.saveTeamProfile(db, req.ctx, req.params.orgId, req.body),
    );
    // -------------------------------------------------------------------------------------------- members
    app.get(
      '/rescue/teams/:orgId/members',
      {
        config: view,
        schema: {
          tags,
          summary: 'Members of a team with certifications, first-aider certificate and attendance (masked PII)',
          params: teamParamsSchema,
          querystring: memberListQuerySchema,
          response: { 200: z.array(memberViewSchema), ...errors },
        },
      },
      (req) => rescue.listMembers(db, req.ctx, req.params.orgId, req.query.includeLeft === 'true'),
    );
    app.post(
      '/rescue/teams/:orgId/members',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a person (by ID number; registered when new) to a team as 队长, 副队长 or 队员',
          params: teamParamsSchema,
          body: addMemberSchema,
          response: { 201: memberViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rescue.addMember(db, req.ctx, req.params.orgId, req.body)),
    );
    app.patch(
      '/rescue/members/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a member’s role, party membership or skills, or record that they left',
          params: idParamsSchema,
          body: updateMemberSchema,
          response: { 200: memberViewSchema, ...errors },
        },
      },
      (req) => rescue.updateMember(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/rescue/members/:id/certifications',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a member’s certification (kind, number, issuer, issued, expires)',
          params: idParamsSchema,
          body: addCertificationSchema,
          response: { 201: certificationViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rescue.addCertification(db, req.ctx, req.params.id, req.body)),
    );
    // -------------------------------------------------------------------------------------------- equipment
    app.get(
      '/rescue/teams/:orgId/equipment',
      {
        config: view,
        schema: {
          tags,
          summary: 'A team’s equipment with its latest inspections',
          params: teamParamsSchema,
          response: { 200: z.array(equipmentViewSchema), ...errors },
        },
      },
      (req) => rescue.listEquipment(db, req.ctx, req.params.orgId),
    );
    app.post(
      '/rescue/teams/:orgId/equipment',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add an equipment line to a team',
          params: teamParamsSchema,
          body: addEquipmentSchema,
          response: { 201: equipmentViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rescue.addEquipment(db, req.ctx, req.params.orgId, req.body)),
    );
    app.patch(
      '/rescue/equipment/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change an equipment line (quantity, serial, condition, expiry)',
          params: idParamsSchema,
          body: updateEquipmentSchema,
          response: { 200: equipmentViewSchema, ...errors },
        },
      },
      (req) => rescue.updateEquipment(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/rescue/equipment/:id/inspections',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record an inspection of an equipment line (its condition follows the latest)',
          params: idParamsSchema,
          body: recordInspectionSchema,
          response: { 201: equipmentViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rescue.recordInspection(db, req.ctx, req.params.id, req.body)),
    );
    // -------------------------------------------------------------------------------------------- deployments
    app.get(
      '/rescue/deployments',
      {
        config: view,
        schema: {
          tags,
          summary: 'Deployments in scope, newest first',
          querystring: deploymentListQuerySchema,
          response: { 200: deploymentListSchema, ...errors },
        },
      },
      (req) => rescue.listDeployments(db, req.ctx, req.query),
    );
    app.post(
      '/rescue/deployments',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Log a call-out (出动): incident, place, call-out time and the members dispatched',
          body: callOutSchema,
          response: { 201: deploymentViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rescue.callOut(db, req.ctx, req.body)),
    );
    app.get(
      '/rescue/deployments/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'One deployment with its members, times and timeline',
          params: idParamsSchema,
          response: { 200: deploymentViewSchema, ...errors },
        },
      },
      (req) => rescue.viewDeployment(db, req.ctx, req.params.id),
    );
    app.post(
      '/rescue/deployments/:id/members',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Dispatch more of the team’s active members (not while on another overlapping deployment)',
          params: idParamsSchema,
          body: dispatchMembersSchema,
          response: { 200: deploymentViewSchema, ...errors },
        },
      },
      (req) => rescue.dispatchMembers(db, req.ctx, req.params.id, req.body),
    );
    app.patch(
      '/rescue/deployments/:id/members/:memberId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Set a dispatched member’s departure and/or return time',
          params: memberInDeploymentParamsSchema,
          body: memberTimesSchema,
          response: { 200: deploymentViewSchema, ...errors },
        },
      },
      (req) => rescue.setMemberTimes(db, req.ctx, req.params.id, req.params.memberId, req.body),
    );
    app.post(
      '/rescue/deployments/:id/advance',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Move a deployment on: called_out → deployed → returned → closed',
          params: idParamsSchema,
          body: advanceDeploymentSchema,
          response: { 200: deploymentViewSchema, ...errors },
        },
      },
      (req) => rescue.advanceDeployment(db, req.ctx, req.params.id, req.body),
    );
    app.patch(
      '/rescue/deployments/:id/report',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record what was done: tasks, people helped and rescued, photos, equipment used',
          params: idParamsSchema,
          body: deploymentReportSchema,
          response: { 200: deploymentViewSchema, ...errors },
        },
      },
      (req) => rescue.reportDeployment(db, req.ctx, req.params.id, req.body),
    );
    // -------------------------------------------------------------------------------------------- training
    app.get(
      '/rescue/teams/:orgId/trainings',
      {
        config: view,
        schema: {
          tags,
          summary: 'Training sessions of a team, newest first',
          params: teamParamsSchema,
          response: { 200: z.array(trainingViewSchema), ...errors },
        },
      },
      (req) => rescue.listTrainings(db, req.ctx, req.params.orgId),
    );
    app.post(
      '/rescue/teams/:orgId/trainings',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a training session of a team (date, topic, hours, attendees)',
          params: teamParamsSchema,
          body: recordTrainingSchema,
          response: { 201: trainingViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rescue.recordTraining(db, req.ctx, req.params.orgId, req.body)),
    );
    // -------------------------------------------------------------------------------------------- statistics
    app.get(
      '/rescue/stats',
      {
        config: view,
        schema: {
          tags,
          summary: 'Attendance (出勤人次, 党员出勤人次 and share), hours, deployments by kind and month, people helped',
          querystring: statsQuerySchema,
          response: { 200: statsViewSchema, ...errors },
        },
      },
      (req) => rescueStats(db, req.ctx, req.query),
    );
    app.get(
      '/rescue/stats/export.xlsx',
      {
        config: view,
        schema: { tags, summary: 'The statistics per team and member in Excel', querystring: statsQuerySchema },
      },
      async (req, reply) =>
        sendWorkbook(
          reply,
          await exportRescueStats(db, req.ctx, req.query),
          'rescue-stats.xlsx',
          '救援队出勤统计.xlsx',
        ),
    );
  };

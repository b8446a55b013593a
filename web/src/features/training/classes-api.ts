// Training calls of the classes part: courses and lessons, bases, instructors, classes with staff, sessions, roster,
// Excel enrolment and awareness sessions (console); open classes, the class page, enrolment, check-in and "my
// training" (public). Types come from the server's schemas.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddQualification,
  BaseView,
  CourseView,
  CreateBase,
  CreateInstructor,
  CreateLesson,
  InstructorView,
  LessonView,
  UpdateCourse,
  UpdateLesson,
} from '../../../../server/src/modules/training/training-catalogue.schemas';
import type {
  AssignStaff,
  AwarenessListQuery,
  AwarenessView,
  CheckinResult,
  ClassListQuery,
  ClassSummary,
  ClassTransition,
  ClassView,
  CreateAwareness,
  CreateClass,
  CreateSession,
  EnrolByStaff,
  EnrolResult,
  MarkAttendance,
  MyEnrolment,
  PublicClass,
  PublicEnrol,
  RosterEntry,
  UpdateClass,
} from '../../../../server/src/modules/training/training-classes.schemas';
import type { ImportView } from '../../../../server/src/platform/imports/imports.schemas';
import { apiFetch, apiUrl, uploadFile } from '../../app/api-client';

export type {
  BaseView,
  ClassSummary,
  ClassView,
  CourseView,
  InstructorView,
  LessonView,
  MyEnrolment,
  PublicClass,
  RosterEntry,
};
export type ClassFilter = Omit<ClassListQuery, 'lang' | 'limit' | 'offset'> & { page: number; pageSize: number };
export type AwarenessFilter = Omit<AwarenessListQuery, 'lang' | 'limit' | 'offset'> & {
  page: number;
  pageSize: number;
};
export type AwarenessPage = {
  items: AwarenessView[];
  total: number;
  totalAttendees: number;
  totalAttendeeHours: number;
};

export const trainingKeys = {
  all: ['training'] as const,
  courses: ['training', 'courses'] as const,
  lessons: (courseId: number) => ['training', 'lessons', courseId] as const,
  bases: (orgId?: number) => ['training', 'bases', orgId ?? null] as const,
  instructors: (orgId?: number) => ['training', 'instructors', orgId ?? null] as const,
  classes: (f: ClassFilter) => ['training', 'classes', f] as const,
  cls: (id: string) => ['training', 'class', id] as const,
  roster: (id: string) => ['training', 'roster', id] as const,
  awareness: (f: AwarenessFilter) => ['training', 'awareness', f] as const,
  publicClasses: ['training', 'public-classes'] as const,
  publicClass: (token: string) => ['training', 'public-class', token] as const,
  mine: ['training', 'mine'] as const,
};

function useInvalidateTraining() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trainingKeys.all });
}

// ------------------------------------------------------------------------------------------------ courses

export const useCourses = (enabled = true) =>
  useQuery({ queryKey: trainingKeys.courses, queryFn: () => apiFetch<CourseView[]>('/training/courses'), enabled });

export const useLessons = (courseId: number | undefined) =>
  useQuery({
    queryKey: trainingKeys.lessons(courseId ?? 0),
    queryFn: () => apiFetch<LessonView[]>(`/training/courses/${courseId}/lessons`),
    enabled: courseId !== undefined,
  });

export function useUpdateCourse() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: UpdateCourse }) =>
      apiFetch<CourseView>(`/training/courses/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: invalidate,
  });
}

export function useSaveLesson() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (input: { courseId: number; id?: string; body: CreateLesson | UpdateLesson }) =>
      input.id
        ? apiFetch<LessonView>(`/training/lessons/${input.id}`, { method: 'PATCH', body: input.body })
        : apiFetch<LessonView>(`/training/courses/${input.courseId}/lessons`, { method: 'POST', body: input.body }),
    onSuccess: invalidate,
  });
}

export function useReorderLessons() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: ({ courseId, ids }: { courseId: number; ids: string[] }) =>
      apiFetch<LessonView[]>(`/training/courses/${courseId}/lessons/order`, { method: 'PUT', body: { ids } }),
    onSuccess: invalidate,
  });
}

// ------------------------------------------------------------------------------------------------ bases, instructors

export const useBases = (orgId?: number) =>
  useQuery({
    queryKey: trainingKeys.bases(orgId),
    queryFn: () => apiFetch<BaseView[]>('/training/bases', { query: { orgId } }),
  });

export function useSaveBase() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (input: { id?: number; body: Partial<CreateBase> & { isActive?: boolean } }) =>
      input.id
        ? apiFetch<BaseView>(`/training/bases/${input.id}`, {
            method: 'PATCH',
            body: { ...input.body, orgId: undefined },
          })
        : apiFetch<BaseView>('/training/bases', { method: 'POST', body: input.body }),
    onSuccess: invalidate,
  });
}

export const useInstructors = (orgId?: number) =>
  useQuery({
    queryKey: trainingKeys.instructors(orgId),
    queryFn: () => apiFetch<InstructorView[]>('/training/instructors', { query: { orgId } }),
  });

export function useCreateInstructor() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (body: CreateInstructor) => apiFetch<InstructorView>('/training/instructors', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateInstructor() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: { username?: string | null; isActive?: boolean } }) =>
      apiFetch<InstructorView>(`/training/instructors/${id}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useAddQualification() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: AddQualification }) =>
      apiFetch<InstructorView>(`/training/instructors/${id}/qualifications`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useRemoveQualification() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: ({ id, qualificationId }: { id: string; qualificationId: string }) =>
      apiFetch<InstructorView>(`/training/instructors/${id}/qualifications/${qualificationId}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

// ------------------------------------------------------------------------------------------------ classes

export const useClasses = (f: ClassFilter) =>
  useQuery({
    queryKey: trainingKeys.classes(f),
    queryFn: () =>
      apiFetch<{ items: ClassSummary[]; total: number }>('/training/classes', {
        query: {
          status: f.status,
          kind: f.kind,
          courseId: f.courseId,
          orgId: f.orgId,
          q: f.q,
          limit: f.pageSize,
          offset: (f.page - 1) * f.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  });

export const useClass = (id: string) =>
  useQuery({ queryKey: trainingKeys.cls(id), queryFn: () => apiFetch<ClassView>(`/training/classes/${id}`) });

export const useRoster = (id: string) =>
  useQuery({
    queryKey: trainingKeys.roster(id),
    queryFn: () => apiFetch<{ items: RosterEntry[] }>(`/training/classes/${id}/enrolments`),
  });

export function useCreateClass() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (body: CreateClass) => apiFetch<ClassView>('/training/classes', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** Every change on one class (it answers the class view). */
export function useClassAction(id: string) {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (
      a:
        | { kind: 'update'; body: UpdateClass }
        | { kind: 'transition'; body: ClassTransition }
        | { kind: 'assign'; body: AssignStaff }
        | { kind: 'unassign'; instructorId: string; role: string }
        | { kind: 'session'; body: CreateSession }
        | { kind: 'removeSession'; sessionId: string },
    ) => {
      const base = `/training/classes/${id}`;
      switch (a.kind) {
        case 'update':
          return apiFetch<ClassView>(base, { method: 'PATCH', body: a.body });
        case 'transition':
          return apiFetch<ClassView>(`${base}/transitions`, { method: 'POST', body: a.body });
        case 'assign':
          return apiFetch<ClassView>(`${base}/staff`, { method: 'POST', body: a.body });
        case 'unassign':
          return apiFetch<ClassView>(`${base}/staff/${a.instructorId}/${a.role}`, { method: 'DELETE' });
        case 'session':
          return apiFetch<ClassView>(`${base}/sessions`, { method: 'POST', body: a.body });
        case 'removeSession':
          return apiFetch<ClassView>(`${base}/sessions/${a.sessionId}`, { method: 'DELETE' });
      }
    },
    onSuccess: invalidate,
  });
}

export function useEnrolmentAction(classId: string) {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (
      a:
        | { kind: 'enrol'; body: EnrolByStaff }
        | { kind: 'cancel'; enrolmentId: string; reason?: string }
        | { kind: 'promote'; enrolmentId: string }
        | { kind: 'attendance'; body: MarkAttendance },
    ): Promise<EnrolResult | RosterEntry> => {
      const base = `/training/classes/${classId}`;
      switch (a.kind) {
        case 'enrol':
          return apiFetch<EnrolResult>(`${base}/enrolments`, { method: 'POST', body: a.body });
        case 'cancel':
          return apiFetch<EnrolResult>(`${base}/enrolments/${a.enrolmentId}/cancel`, {
            method: 'POST',
            body: { reason: a.reason },
          });
        case 'promote':
          return apiFetch<EnrolResult>(`${base}/enrolments/${a.enrolmentId}/promote`, { method: 'POST' });
        case 'attendance':
          return apiFetch<RosterEntry>(`${base}/attendance`, { method: 'POST', body: a.body });
      }
    },
    onSuccess: invalidate,
  });
}

export const posterUrl = (id: string) => apiUrl(`/training/classes/${id}/poster.png`);
export const sessionQrUrl = (id: string, sessionId: string) =>
  apiUrl(`/training/classes/${id}/sessions/${sessionId}/qr.png`);
export const enrolTemplateUrl = () => apiUrl('/training/enrolments/template.xlsx');
export const enrolImportPath = (classId: string) => (importId: string) =>
  `/training/classes/${classId}/enrolments/imports/${importId}`;
export function uploadEnrolments(
  classId: string,
  source: 'excel' | 'roster',
  file: File,
  onProgress: (p: number) => void,
) {
  return uploadFile<ImportView>(`/training/classes/${classId}/enrolments/imports?source=${source}`, file, onProgress);
}

// ------------------------------------------------------------------------------------------------ awareness

export const useAwareness = (f: AwarenessFilter) =>
  useQuery({
    queryKey: trainingKeys.awareness(f),
    queryFn: () =>
      apiFetch<AwarenessPage>('/training/awareness', {
        query: {
          orgId: f.orgId,
          from: f.from,
          to: f.to,
          venueKind: f.venueKind,
          limit: f.pageSize,
          offset: (f.page - 1) * f.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  });

export function useRecordAwareness() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (body: CreateAwareness) => apiFetch<AwarenessView>('/training/awareness', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

// ------------------------------------------------------------------------------------------------ public

export const usePublicClasses = () =>
  useQuery({
    queryKey: trainingKeys.publicClasses,
    queryFn: () => apiFetch<PublicClass[]>('/public/training/classes'),
  });

export const usePublicClass = (token: string) =>
  useQuery({
    queryKey: trainingKeys.publicClass(token),
    queryFn: () => apiFetch<PublicClass>(`/public/training/classes/${token}`),
    retry: false,
  });

export const useMyEnrolments = (enabled: boolean) =>
  useQuery({ queryKey: trainingKeys.mine, queryFn: () => apiFetch<MyEnrolment[]>('/training/my/enrolments'), enabled });

export function useEnrolSelf(token: string) {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (body: PublicEnrol) =>
      apiFetch<EnrolResult>(`/public/training/classes/${token}/enrol`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useCancelMine() {
  const invalidate = useInvalidateTraining();
  return useMutation({
    mutationFn: (enrolmentId: string) =>
      apiFetch<EnrolResult>(`/training/my/enrolments/${enrolmentId}/cancel`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}

export function useCheckIn() {
  return useMutation({
    mutationFn: (token: string) => apiFetch<CheckinResult>(`/public/training/checkin/${token}`, { method: 'POST' }),
  });
}

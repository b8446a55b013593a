// Calls of online study, the theory exam and the question bank (types from the server's training-exams.schemas.ts).
// Answers are saved one at a time with a per-device sequence number; a save that cannot reach the server is kept in
// localStorage and retried, so a dropped phone connection loses nothing.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AttemptSummary,
  AttemptView,
  ExamState,
  LessonBeatResult,
  LessonView,
  QuestionInput,
  QuestionListQuery,
  QuestionPage,
  QuestionView,
  ReviewDecision,
  ReviewPage,
  StudyView,
  savedAnswerSchema,
} from '../../../../server/src/modules/training/training-exams.schemas';
import { apiFetch, apiUrl, uploadFile } from '../../app/api-client';

export type SavedAnswer = z.infer<typeof savedAnswerSchema>;
export type AttemptQuestion = AttemptView['questions'][number];
export type QuestionFilter = Omit<QuestionListQuery, 'lang' | 'limit' | 'offset' | 'includeInactive'> & {
  page: number;
  pageSize: number;
};
export type { AttemptView, ExamState, LessonView, QuestionInput, QuestionView, StudyView };

export const examKeys = {
  all: ['training-exams'] as const,
  study: (id: string) => ['training-exams', 'study', id] as const,
  lesson: (id: string, lessonId: string) => ['training-exams', 'lesson', id, lessonId] as const,
  exam: (id: string) => ['training-exams', 'exam', id] as const,
  attempt: (id: string) => ['training-exams', 'attempt', id] as const,
  questions: (f: QuestionFilter) => ['training-exams', 'questions', f] as const,
  reviews: (review: string, page: number) => ['training-exams', 'reviews', review, page] as const,
};

// ------------------------------------------------------------------------------------------------ study

export function useStudy(enrolmentId: string, enabled = true) {
  return useQuery({
    queryKey: examKeys.study(enrolmentId),
    queryFn: () => apiFetch<StudyView>(`/training/my/enrolments/${enrolmentId}/lessons`),
    enabled,
    retry: false,
  });
}

export function useLesson(enrolmentId: string, lessonId: string, enabled = true) {
  return useQuery({
    queryKey: examKeys.lesson(enrolmentId, lessonId),
    queryFn: () => apiFetch<LessonView>(`/training/my/enrolments/${enrolmentId}/lessons/${lessonId}`),
    enabled,
    retry: false,
  });
}

export function studyBeat(enrolmentId: string, lessonId: string): Promise<LessonBeatResult> {
  return apiFetch<LessonBeatResult>(`/training/my/enrolments/${enrolmentId}/lessons/${lessonId}/progress`, {
    method: 'POST',
  });
}

// ------------------------------------------------------------------------------------------------ exam

export function useExamState(enrolmentId: string, enabled = true) {
  return useQuery({
    queryKey: examKeys.exam(enrolmentId),
    queryFn: () => apiFetch<ExamState>(`/training/my/enrolments/${enrolmentId}/exam`),
    enabled,
    retry: false,
  });
}

export function useStartAttempt(enrolmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch<AttemptView>(`/training/my/enrolments/${enrolmentId}/exam/attempts`, {
        method: 'POST',
        body: { deviceId: deviceId() },
      }),
    onSuccess: (view) => {
      queryClient.setQueryData(examKeys.attempt(view.id), view);
      void queryClient.invalidateQueries({ queryKey: examKeys.exam(enrolmentId) });
    },
  });
}

export function useAttempt(attemptId: string | null) {
  return useQuery({
    queryKey: examKeys.attempt(attemptId ?? ''),
    queryFn: () => apiFetch<AttemptView>(`/training/my/attempts/${attemptId}`),
    enabled: attemptId !== null,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function saveAnswer(attemptId: string, questionId: string, answer: string[], clientSeq: number) {
  return apiFetch<SavedAnswer>(`/training/my/attempts/${attemptId}/answers/${questionId}`, {
    method: 'PUT',
    body: { answer, clientSeq },
  });
}

export function useSubmitAttempt(attemptId: string, enrolmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<AttemptView>(`/training/my/attempts/${attemptId}/submit`, { method: 'POST' }),
    onSuccess: (view) => {
      queryClient.setQueryData(examKeys.attempt(attemptId), view);
      void queryClient.invalidateQueries({ queryKey: examKeys.exam(enrolmentId) });
    },
  });
}

/** A random id this browser keeps: the server flags one device used by different learners. */
export function deviceId(): string {
  const key = 'boai.deviceId';
  try {
    let id = localStorage.getItem(key);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(key, id);
    }
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

type Pending = { answer: string[]; seq: number };
const pendingKey = (attemptId: string) => `boai.exam.${attemptId}`;

/** Answers not yet confirmed by the server, kept on the phone (questionId → answer and sequence). */
export function loadPending(attemptId: string): Record<string, Pending> {
  try {
    return JSON.parse(localStorage.getItem(pendingKey(attemptId)) ?? '{}') as Record<string, Pending>;
  } catch {
    return {};
  }
}

export function storePending(attemptId: string, pending: Record<string, Pending>): void {
  try {
    if (Object.keys(pending).length === 0) {
      localStorage.removeItem(pendingKey(attemptId));
    } else {
      localStorage.setItem(pendingKey(attemptId), JSON.stringify(pending));
    }
  } catch {
    // Private mode: the in-memory copy still retries.
  }
}

// ------------------------------------------------------------------------------------------------ console

export function useQuestions(f: QuestionFilter) {
  return useQuery({
    queryKey: examKeys.questions(f),
    queryFn: () =>
      apiFetch<QuestionPage>('/training/questions', {
        query: {
          unitCode: f.unitCode,
          kind: f.kind,
          q: f.q || undefined,
          limit: f.pageSize,
          offset: (f.page - 1) * f.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useSaveQuestion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: QuestionInput }) =>
      apiFetch<QuestionView>(id ? `/training/questions/${id}` : '/training/questions', {
        method: id ? 'PUT' : 'POST',
        body: input,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...examKeys.all, 'questions'] }),
  });
}

export function useRetireQuestion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<QuestionView>(`/training/questions/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...examKeys.all, 'questions'] }),
  });
}

export const questionExportUrl = () => apiUrl('/training/questions/export.xlsx');
export const questionTemplateUrl = () => apiUrl('/training/questions/template.xlsx');

export function importQuestions(file: File, onProgress: (percent: number) => void): Promise<{ created: number }> {
  return uploadFile<{ created: number }>('/training/questions/import', file, onProgress);
}

export function useReviews(review: 'pending' | 'cleared' | 'voided', page: number, pageSize = 20) {
  return useQuery({
    queryKey: examKeys.reviews(review, page),
    queryFn: () =>
      apiFetch<ReviewPage>('/training/exam-reviews', {
        query: { review, limit: pageSize, offset: (page - 1) * pageSize },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useDecideReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ attemptId, input }: { attemptId: string; input: ReviewDecision }) =>
      apiFetch<AttemptSummary>(`/training/exam-reviews/${attemptId}`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...examKeys.all, 'reviews'] }),
  });
}

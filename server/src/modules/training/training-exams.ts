// Online study progress and theory exam attempts: draw a paper from the blueprint, save answers as the learner goes,
// keep time on the server, grade, flag suspicious patterns.

/** Registers the exam jobs (closing attempts whose time ran out). */
export function defineExamJobs(): void {}

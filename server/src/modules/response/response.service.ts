// The response module's API for other modules and scripts (demo seed, benchmarks).

export { defineResponseJobs } from './response.jobs';
export { configureResponse, responseSettings } from './response-core';
export { acceptAlert, detailOf, endEmergency, raise } from './response-emergencies';
export { flushPositions } from './response-responders';

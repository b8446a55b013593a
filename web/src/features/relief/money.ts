// The largest amount a relief form accepts (¥10,000,000): the kind's bands set the real limit on the server.
export const maxReliefFen = 1_000_000_000;

-- Rate limits that hold across app instances (issue 20): each user's token buckets — one for
-- changes ('write'), one for reads ('read') — live here, so that n instances behind a load balancer
-- give a user the limit once, not n times. `tokens` is the level at `at` (database time, so the
-- instances' clocks do not matter); it refills at the configured rate up to the burst
-- (web/WriteRateLimit, web/ReadRateLimit, system/RateBuckets). A read bucket may go below zero:
-- what the instances let through between two syncs beyond the limit is paid back.
--
-- UNLOGGED: no WAL is written for these rows, so taking a token adds no durable commit to a write
-- (a transaction that touched only unlogged tables commits without flushing WAL). Unlogged tables
-- are emptied after a crash and are not on streaming replicas; losing the buckets only refills them,
-- which a limit for fairness can afford.
CREATE UNLOGGED TABLE rate_bucket (
    subject text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('write', 'read')),
    tokens double precision NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (subject, kind)
);

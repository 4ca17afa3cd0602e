package io.communitypulse.bench.e2e;

/**
 * The two figures of the end-to-end part.
 *
 * @param sustainedRate the input rate (events per second Kafka acknowledged) of the highest step
 *     the job sustained, 0 if none held
 * @param lowerBound true when the highest rate tried held, so the job may sustain more
 * @param freshnessRate the rate the freshness phase ran at, events per second
 * @param freshness the probes' produce-to-searchable times at that rate
 */
public record EndToEndResult(
    double sustainedRate, boolean lowerBound, int freshnessRate, Freshness freshness) {}

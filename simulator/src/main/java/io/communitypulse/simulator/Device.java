package io.communitypulse.simulator;

/**
 * One browser or app install: the {@code anonymous_id} of its clicks, a fixed user agent and IP
 * (they must be present so the job's privacy rules have something to strip), and whose account it
 * is currently signed in to. A device runs one visit at a time.
 */
final class Device {

  final String anonymousId;
  final String userAgent;
  final String ip;

  /** The member whose session cookie this device holds, or null. */
  Member signedIn;

  /** The device is in a visit until this time (epoch ms). */
  long busyUntil = Long.MIN_VALUE;

  Device(String anonymousId, String userAgent, String ip) {
    this.anonymousId = anonymousId;
    this.userAgent = userAgent;
    this.ip = ip;
  }
}

package io.communitypulse.privacy;

import java.io.Serializable;

/**
 * What one stage does about erased members (docs/privacy.md): it drops or cleans what arrives
 * naming them, and when an erasure arrives it purges its keyed state of the member and emits what
 * must leave Elasticsearch. A stage's function implements this; {@link ForgettingStage} calls it.
 *
 * @param <K> the stage's key
 * @param <IN> what the stage receives
 * @param <OUT> what it emits
 */
public interface ForgetsMembers<K, IN, OUT> extends Serializable {

  /**
   * {@code element} as the stage may still see it while members are suppressed: null to drop it (it
   * belongs to a suppressed member; counted), else the element itself or a cleaned copy. Only
   * called while the suppression list is not empty.
   */
  IN screen(IN element, ErasedMembers erased, long now);

  /** Purges every key's state of the member and emits what their erasure removes downstream. */
  void forget(Erasure erasure, StageState<K, OUT> stage) throws Exception;
}

package io.communitypulse.state;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The part every type of this package shares: to Flink the value is one atomic field (no field
 * expressions, not a tuple, not a basic type), whatever it holds.
 */
abstract class AtomicTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  @Override
  public final boolean isBasicType() {
    return false;
  }

  @Override
  public final boolean isTupleType() {
    return false;
  }

  @Override
  public final int getArity() {
    return 1;
  }

  @Override
  public final int getTotalFields() {
    return 1;
  }
}

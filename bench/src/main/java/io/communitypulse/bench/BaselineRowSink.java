package io.communitypulse.bench;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.types.Row;

/** B's sink: hands every changelog row to the {@link BaselineLedger}, nothing else. */
final class BaselineRowSink implements Sink<Row> {

  private static final long serialVersionUID = 1L;

  private final String output;

  BaselineRowSink(String output) {
    this.output = output;
  }

  @Override
  public SinkWriter<Row> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      @Override
      public void write(Row row, Context context) {
        BaselineLedger.record(output, row);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}

package dev.provenant.platform.build;

import java.io.IOException;
import java.util.function.Function;

/**
 * How the stores keep one kind of record (builds, rebuilds): its JSON bytes, the parser of those
 * bytes and its id, so the file and PostgreSQL queues serve both kinds with one piece of code.
 */
record RecordCodec<R>(Function<R, byte[]> toBytes, Parser<R> parser, Function<R, String> id) {
  /** A parser of a record's bytes. */
  @FunctionalInterface
  interface Parser<R> {
    R parse(byte[] bytes) throws IOException;
  }

  static final RecordCodec<BuildRecord> BUILDS =
      new RecordCodec<>(BuildRecordJson::toBytes, BuildRecordJson::parse, BuildRecord::id);
  static final RecordCodec<RebuildRecord> REBUILDS =
      new RecordCodec<>(RebuildRecordJson::toBytes, RebuildRecordJson::parse, RebuildRecord::id);

  byte[] bytes(R r) {
    return toBytes.apply(r);
  }

  R parse(byte[] bytes) throws IOException {
    return parser.parse(bytes);
  }

  String idOf(R r) {
    return id.apply(r);
  }
}

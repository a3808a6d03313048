package dev.provenant.log.rekor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Rekor v1 entry kind at one version: checks a proposed entry's {@code spec}, verifies its
 * signatures and builds the body the log stores. {@link EntryKinds} picks the implementation by the
 * request's {@code kind} and {@code apiVersion}.
 */
interface EntryKind {
  /** The {@code kind} field this implementation accepts, e.g. {@code hashedrekord}. */
  String kind();

  /** The {@code apiVersion} field this implementation accepts, e.g. {@code 0.0.1}. */
  String apiVersion();

  /**
   * Validates {@code spec}, verifies every signature in it and builds the canonical body with its
   * search keys.
   *
   * @param spec the request's {@code spec} object (already known to be a JSON object)
   * @throws EntryException naming why the entry is rejected
   */
  ProposedEntry canonicalize(JsonNode spec) throws EntryException;
}

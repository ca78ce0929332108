package vn.hocba.statements;

import com.fasterxml.jackson.databind.JsonNode;

/** A statement already in the log, as the write model sees it when admitting a request. */
public record ExistingStatement(String id, JsonNode stored, boolean voiding) {}

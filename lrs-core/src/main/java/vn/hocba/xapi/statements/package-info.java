/**
 * Pure functions over already-validated xAPI statements: agent keys, query-index facts, statement
 * equivalence (Data 2.3.1), the ids/canonical formats (Communication 2.1.3) and a deterministic
 * serialization for hashing. Nothing here mutates its input or throws on odd but structurally valid
 * input.
 */
package vn.hocba.xapi.statements;
